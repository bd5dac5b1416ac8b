package io.ferry.recordfile;

/**
 * What opening a log does with damage no crash explains (see {@link RecoveryScan}): a bad record
 * with good records after it, or a bad record in a file no crash can tear.
 *
 * <pre>{@code
 * DurableGroupStore.open(dir, options, repair ? OnDamage.REPAIR : OnDamage.REFUSE);
 * }</pre>
 */
public enum OnDamage {
    /** Fail the open, naming the file and byte, and change nothing: the default. */
    REFUSE,
    /**
     * Copy everything from the bad record on to a file beside the damaged one
     * ({@code NAME.damaged-OFFSET}), force the copy, then cut the file there and go on. Ferry's
     * {@code --storage.repair}; what is cut is lost to Ferry, kept for a person.
     */
    REPAIR
}
