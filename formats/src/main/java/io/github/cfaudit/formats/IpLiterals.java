package io.github.cfaudit.formats;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Recognises IP address literals without ever resolving a name. */
final class IpLiterals {
    private static final Pattern IPV4 = Pattern.compile(
            "(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,39}");

    private IpLiterals() {}

    static boolean isIpv4(String s) {
        return s != null && IPV4.matcher(s).matches();
    }

    static boolean isIpv6(String s) {
        if (s == null || s.indexOf(':') < 0 || !IPV6_CHARS.matcher(s).matches()) {
            return false;
        }
        try {
            // a string with ':' is parsed as an IPv6 literal: no lookup happens
            InetAddress.getByName(s);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    static boolean isIp(String s) {
        return isIpv4(s) || isIpv6(s);
    }
}
