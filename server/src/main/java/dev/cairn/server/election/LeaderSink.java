package dev.cairn.server.election;

import dev.cairn.proto.v3electionpb.LeaderResponse;

/**
 * Where an {@link Observation} sends what it sees. Called on the election thread only, one call at
 * a time; implementations must not block.
 */
public interface LeaderSink {

    /** The leader key, new or with a new value; the header carries only the revision. */
    void leader(LeaderResponse response);

    /** The observation cannot go on (a store read failed); no call follows. */
    void failed(Throwable cause);
}
