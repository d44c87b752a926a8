#!/usr/bin/env python3
"""Writes the OCSF definition facts the formats tests validate against, from the ocsf/ocsf-schema repository.

    python3 ocsf_facts.py <ocsf-schema git dir> <tag> <out.json>

Reads the schema's own JSON files at <tag> (git show, no work tree needed) and resolves them the way the OCSF
server compiles a schema: a class or object `extends` its parent (attributes deep-merged, child over parent),
`$include` pulls a profile's or include file's attributes in (attributes from a profile carry `profile: <name>`
unless the including definition overrides it with `profile: null`), every attribute is completed from
dictionary.json (type, is_array, enum, sibling; the enum of the class/object is merged over the dictionary's),
class_uid = category uid * 1000 + class uid. Only the classes the formats emit and the objects reachable from
them are written (all of them: a validator must know every object a record may contain).
"""
import copy
import json
import subprocess
import sys

CLASSES = ["events/application/api_activity.json", "events/application/api.json", "events/iam/entity_management.json"]


def main(repo, tag, out):
    def load(path):
        text = subprocess.run(["git", "-C", repo, "show", f"{tag}:{path}"], capture_output=True, check=False)
        if text.returncode != 0:
            return None
        return json.loads(text.stdout)

    def ls(prefix):
        res = subprocess.run(["git", "-C", repo, "ls-tree", "-r", "--name-only", tag, prefix],
                             capture_output=True, check=True, text=True)
        return res.stdout.split()

    commit = subprocess.run(["git", "-C", repo, "rev-parse", f"{tag}^{{commit}}"], capture_output=True,
                            check=True, text=True).stdout.strip()
    dictionary = load("dictionary.json")
    dict_attrs = dictionary["attributes"]
    types = dictionary["types"]["attributes"]
    categories = load("categories.json")["attributes"]
    version = load("version.json")["version"]

    def merge(base, over):
        out = copy.deepcopy(base)
        for k, v in over.items():
            if isinstance(v, dict) and isinstance(out.get(k), dict):
                out[k] = merge(out[k], v)
            else:
                out[k] = copy.deepcopy(v)
        return out

    def included(path):
        d = load(path)
        attrs = {}
        for name, a in d.get("attributes", {}).items():
            if name == "$include":
                continue
            a = dict(a)
            if d.get("meta") == "profile":
                a["profile"] = d["name"]
            attrs[name] = a
        return attrs

    def own_attributes(d):
        attrs = {}
        for inc in d.get("attributes", {}).get("$include", []):
            attrs = merge(attrs, included(inc))
        for name, a in d.get("attributes", {}).items():
            if name != "$include":
                attrs[name] = merge(attrs.get(name, {}), a)
        return attrs

    events = {p: load(p) for p in ls("events") if p.endswith(".json")}
    events_by_name = {d["name"]: d for d in events.values() if d}
    objects_src = {d["name"]: d for d in (load(p) for p in ls("objects") if p.endswith(".json")) if d}

    def resolve(d, pool):
        parent = d.get("extends")
        if parent and parent in pool:
            base = resolve(pool[parent], pool)
        else:
            base = {"attributes": {}, "profiles": [], "constraints": None, "category": None}
        attrs = base["attributes"]
        for name, a in own_attributes(d).items():
            attrs[name] = merge(attrs.get(name, {}), a)
        profiles = list(base["profiles"])
        for p in d.get("profiles", []) or []:
            if p not in profiles:
                profiles.append(p)
        return {
            "attributes": attrs,
            "profiles": profiles,
            "constraints": d.get("constraints", base["constraints"]),
            "category": d.get("category", base["category"]),
        }

    def complete(attrs):
        out = {}
        for name, a in sorted(attrs.items()):
            if name not in dict_attrs:
                raise SystemExit(f"{tag}: attribute {name} is not in the dictionary")
            full = merge(dict_attrs[name], a)
            fact = {"type": full.get("type"), "requirement": full.get("requirement", "optional")}
            if full.get("is_array"):
                fact["is_array"] = True
            if full.get("profile"):
                fact["profile"] = full["profile"]
            if full.get("sibling"):
                fact["sibling"] = full["sibling"]
            if full.get("enum"):
                fact["enum"] = {k: v.get("caption") for k, v in full["enum"].items()}
            if full.get("@deprecated"):
                fact["deprecated"] = True
            out[name] = fact
        return out

    classes = {}
    reached = []
    for path in CLASSES:
        d = events.get(path)
        if d is None:
            continue
        r = resolve(d, events_by_name)
        cat = categories[r["category"]]
        attrs = complete(r["attributes"])
        uid = cat["uid"] * 1000 + d["uid"]
        # as the OCSF server compiles a class: its own uid, category and type ids replace the base event's enums
        attrs["class_uid"]["enum"] = {str(uid): d["caption"]}
        attrs["category_uid"]["enum"] = {str(cat["uid"]): cat["caption"]}
        attrs["type_uid"]["enum"] = {str(uid * 100 + int(k)): d["caption"] + ": " + v
                                     for k, v in attrs["activity_id"]["enum"].items()}
        classes[d["name"]] = {
            "caption": d["caption"],
            "uid": cat["uid"] * 1000 + d["uid"],
            "category_uid": cat["uid"],
            "category_name": cat["caption"],
            "profiles": r["profiles"],
            "attributes": attrs,
        }
        reached += [a["type"] for a in attrs.values()]

    objects = {}
    while reached:
        name = reached.pop()
        # "object" is the schema's free-form type (unmapped), not an object with attributes
        if name in objects or name not in objects_src or name == "object":
            continue
        r = resolve(objects_src[name], objects_src)
        attrs = complete(r["attributes"])
        objects[name] = {"caption": objects_src[name].get("caption"), "attributes": attrs}
        if r["constraints"]:
            objects[name]["constraints"] = r["constraints"]
        if r["profiles"]:
            objects[name]["profiles"] = r["profiles"]
        reached += [a["type"] for a in attrs.values()]

    facts = {
        "source": {"repository": "https://github.com/ocsf/ocsf-schema", "tag": tag.split("/")[-1], "commit": commit,
                   "generator": "formats/src/test/scripts/ocsf_facts.py"},
        "version": version,
        "types": {k: {x: v[x] for x in ("type", "regex", "max_len", "range", "values") if x in v}
                  for k, v in sorted(types.items())},
        "classes": classes,
        "objects": dict(sorted(objects.items())),
    }
    with open(out, "w") as f:
        json.dump(facts, f, indent=1, sort_keys=False)
        f.write("\n")


if __name__ == "__main__":
    main(*sys.argv[1:])
