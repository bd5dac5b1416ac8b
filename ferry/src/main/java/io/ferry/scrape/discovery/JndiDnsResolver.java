package io.ferry.scrape.discovery;

import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;

/**
 * A {@link DnsResolver} on the JDK's JNDI DNS provider ({@code com.sun.jndi.dns.DnsContextFactory},
 * module {@code jdk.naming.dns}), which asks the servers itself (UDP, TCP when truncated) rather than
 * going through the host's resolver library, so SRV records and "does not exist" can be told apart
 * from failures.
 *
 * <pre>{@code
 * DnsResolver system = JndiDnsResolver.system();                // the servers of /etc/resolv.conf
 * DnsResolver test = JndiDnsResolver.server("127.0.0.1", 5353);  // one server
 * }</pre>
 *
 * <p>Names are looked up as given, fully qualified: resolv.conf's {@code search} domains are not
 * tried (Prometheus tries them). Each query waits {@value #TIMEOUT_MS} ms, doubled at each of
 * {@value #RETRIES} retries, per server. Thread-safe: each lookup opens its own context.
 */
public final class JndiDnsResolver implements DnsResolver {
    static final int TIMEOUT_MS = 1000;
    static final int RETRIES = 2;

    private final String providerUrl;

    private JndiDnsResolver(String providerUrl) {
        this.providerUrl = providerUrl;
    }

    /** The name servers the system is configured with. */
    public static JndiDnsResolver system() {
        return new JndiDnsResolver("dns:");
    }

    /** Only the server at {@code host:port}. */
    public static JndiDnsResolver server(String host, int port) {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return new JndiDnsResolver("dns://" + h + ":" + port);
    }

    @Override
    public List<Record> lookup(String name, DnsSd.Type type) throws IOException {
        Hashtable<String, String> env = new Hashtable<>();
        env.put(DirContext.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.dns.DnsContextFactory");
        env.put(DirContext.PROVIDER_URL, providerUrl);
        env.put("com.sun.jndi.dns.timeout.initial", Integer.toString(TIMEOUT_MS));
        env.put("com.sun.jndi.dns.timeout.retries", Integer.toString(RETRIES));
        // A trailing dot makes the name absolute, so it is not taken relative to any domain.
        String absolute = name.endsWith(".") ? name : name + ".";
        DirContext ctx = null;
        try {
            ctx = new InitialDirContext(env);
            Attributes attrs = ctx.getAttributes(absolute, new String[]{type.name()});
            Attribute a = attrs.get(type.name());
            List<Record> out = new ArrayList<>();
            if (a == null) {
                return out; // the name exists without records of this type
            }
            NamingEnumeration<?> values = a.getAll();
            while (values.hasMore()) {
                out.add(parse(type, values.next().toString(), name));
            }
            return out;
        } catch (NameNotFoundException e) {
            return List.of(); // NXDOMAIN: pseudo-authoritative "no targets", as in Prometheus
        } catch (NamingException e) {
            String why = e.getExplanation() != null ? e.getExplanation() : e.getClass().getSimpleName();
            Throwable root = e.getRootCause();
            throw new IOException("DNS lookup of " + type + " " + name + " via " + providerUrl + " failed: " + why
                    + (root != null ? " (" + root + ")" : ""), e);
        } finally {
            if (ctx != null) {
                try {
                    ctx.close();
                } catch (NamingException e) {
                    // nothing held that matters
                }
            }
        }
    }

    private static Record parse(DnsSd.Type type, String value, String name) throws IOException {
        try {
            if (type == DnsSd.Type.SRV) {
                // "priority weight port target", as JNDI renders SRV data
                String[] f = value.trim().split("\\s+");
                if (f.length != 4) {
                    throw new IOException("unexpected SRV data \"" + value + "\" for " + name);
                }
                return new Srv(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]), f[3]);
            }
            // A literal address: getByName parses it without a lookup.
            if (!value.matches("[0-9A-Fa-f:.]+")) {
                throw new IOException("unexpected " + type + " data \"" + value + "\" for " + name);
            }
            return new Address(InetAddress.getByName(value));
        } catch (NumberFormatException e) {
            throw new IOException("unexpected SRV data \"" + value + "\" for " + name, e);
        }
    }
}
