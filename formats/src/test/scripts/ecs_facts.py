#!/usr/bin/env python3
"""Writes the ECS field facts the formats tests validate against, from the elastic/ecs repository.

    python3 ecs_facts.py <ecs git dir> <tag> <out.json>

Reads generated/ecs/ecs_flat.yml at <tag> (the field list ECS itself generates) and keeps the fields of the field
sets the ECS format writes to: name -> type, whether it is an array (normalize: array), and the allowed values
(for event.category with the event types each category expects). Everything else the format writes lives under
`cloudflare.`, which is not an ECS field set.
"""
import json
import subprocess
import sys

import yaml

FIELD_SETS = ("base", "ecs", "event", "user", "source", "http", "url", "user_agent", "cloud", "organization",
              "related")


def main(repo, tag, out):
    commit = subprocess.run(["git", "-C", repo, "rev-parse", f"{tag}^{{commit}}"], capture_output=True, check=True,
                            text=True).stdout.strip()
    flat = yaml.safe_load(subprocess.run(["git", "-C", repo, "show", f"{tag}:generated/ecs/ecs_flat.yml"],
                                         capture_output=True, check=True).stdout)
    version = subprocess.run(["git", "-C", repo, "show", f"{tag}:version"], capture_output=True, check=True,
                             text=True).stdout.strip()
    fields = {}
    for name, f in sorted(flat.items()):
        field_set = name.split(".")[0] if "." in name else "base"
        if field_set not in FIELD_SETS:
            continue
        fact = {"type": f["type"]}
        if "array" in (f.get("normalize") or []):
            fact["array"] = True
        if f.get("allowed_values"):
            fact["allowed"] = {v["name"]: v.get("expected_event_types", []) for v in f["allowed_values"]}
        fields[name] = fact
    facts = {
        "source": {"repository": "https://github.com/elastic/ecs", "tag": tag, "commit": commit,
                   "file": "generated/ecs/ecs_flat.yml", "generator": "formats/src/test/scripts/ecs_facts.py"},
        "version": version,
        "fields": fields,
    }
    with open(out, "w") as fh:
        json.dump(facts, fh, indent=1)
        fh.write("\n")


if __name__ == "__main__":
    main(*sys.argv[1:])
