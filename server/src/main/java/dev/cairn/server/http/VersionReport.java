package dev.cairn.server.http;

/**
 * The versions {@code GET /version} reports. Immutable.
 *
 * @param server the etcd server version ({@code etcdserver})
 * @param cluster the cluster version ({@code etcdcluster}, major.minor.0)
 * @param storage the storage version ({@code storage})
 */
public record VersionReport(String server, String cluster, String storage) {
    /** The JSON body of {@code /version}. */
    String json() {
        return "{\"etcdserver\":\"" + server + "\",\"etcdcluster\":\"" + cluster + "\",\"storage\":\"" + storage
                + "\"}";
    }
}
