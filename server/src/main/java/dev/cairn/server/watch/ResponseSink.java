package dev.cairn.server.watch;

import dev.cairn.proto.etcdserverpb.ResponseHeader;
import dev.cairn.proto.etcdserverpb.WatchResponse;

/**
 * The outbound side of one Watch stream, as the hub sees it; the rpc layer implements it over a
 * gRPC call. Every method is called on the hub thread only, except that implementations must
 * tolerate {@link #requestNext} from any thread.
 */
public interface ResponseSink {

    /** A complete response header (cluster, member, term) carrying {@code revision}. */
    ResponseHeader header(long revision);

    /** True if the transport can take another response without buffering beyond its window. */
    boolean isReady();

    /** Sends one response; never blocks. A stream that went away ignores it. */
    void send(WatchResponse response);

    /** Asks the transport for the next client request (inbound flow control). */
    void requestNext();

    /**
     * Ends the stream with {@code cause} (the rpc layer maps it to a status, e.g. {@link
     * HubStoppedException} to UNAVAILABLE). No call follows.
     */
    void end(Throwable cause);
}
