package io.ferry.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The user information of a URL ({@code http://user:password@host/}): sent as basic
 * authentication, as Go's HTTP client sends it for Prometheus, and hidden wherever the URL is
 * shown (logs, labels, pages), as Prometheus hides it.
 */
public final class UrlUserInfo {
    private UrlUserInfo() {
    }

    /** The URL with its password, if any, shown as {@code xxxxx} (Go's {@code URL.Redacted}). */
    public static String redacted(URI url) {
        String userInfo = url == null ? null : url.getRawUserInfo();
        int colon = userInfo == null ? -1 : userInfo.indexOf(':');
        if (colon < 0) {
            return String.valueOf(url);
        }
        String s = url.toString();
        int at = s.indexOf(userInfo, s.indexOf("//") + 2); // right after "scheme://", never inside the scheme
        return s.substring(0, at) + userInfo.substring(0, colon) + ":xxxxx" + s.substring(at + userInfo.length());
    }

    /** The {@code Authorization} value of the URL's user and password, or null when it names none. */
    public static String basicAuthorization(URI url) {
        String userInfo = url.getUserInfo(); // decoded: %40 is @
        if (userInfo == null) {
            return null;
        }
        return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    }
}
