package io.ferry.scrape.discovery;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;

/**
 * Looks up the DNS records {@link DnsDiscoverer} turns into targets. {@link JndiDnsResolver} is the
 * real one.
 *
 * <pre>{@code
 * DnsResolver r = JndiDnsResolver.system();
 * for (DnsResolver.Record rec : r.lookup("_node._tcp.example.org", DnsSd.Type.SRV)) { ... }
 * }</pre>
 *
 * <p>Contract (Prometheus' {@code lookupWithSearchPath} outcomes): a name that does not exist, or
 * has no records of the type, is an empty list, not an error; an error (timeout, SERVFAIL, refused)
 * is an {@link IOException}, after which the discoverer keeps what it had. Implementations are
 * thread-safe.
 */
public interface DnsResolver {

    /** The records of {@code type} for {@code name}, in answer order. */
    List<Record> lookup(String name, DnsSd.Type type) throws IOException;

    /** One answer record. */
    sealed interface Record permits Srv, Address {
    }

    /**
     * An SRV record.
     *
     * @param target as in the record, with its trailing dot ({@code node1.example.org.})
     */
    record Srv(int priority, int weight, int port, String target) implements Record {
    }

    /** An A or AAAA record. */
    record Address(InetAddress address) implements Record {
    }
}
