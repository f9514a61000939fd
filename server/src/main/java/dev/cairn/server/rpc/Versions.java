package dev.cairn.server.rpc;

/** The versions Cairn reports to clients. Constants; thread-safe. */
public final class Versions {
    /** The etcd server version Cairn presents as (Maintenance.Status version; must be semver). */
    public static final String SERVER = "3.6.14";

    /** The etcd storage version Cairn presents as (Maintenance.Status storageVersion). */
    public static final String STORAGE = "3.6.0";

    private Versions() {}
}
