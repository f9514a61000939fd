package dev.cairn.raft;

/** A raft error the caller can handle. */
public class RaftException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RaftException(String message) {
        super(message);
    }
}
