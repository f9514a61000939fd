package dev.cairn.bench.load;

import io.grpc.Status;
import java.util.Locale;

/** Error texts in the form Go's gRPC prints them, so error distributions read like etcd's. */
public final class GrpcErrors {
    private GrpcErrors() {}

    /** {@code rpc error: code = Unavailable desc = ...} for a gRPC failure; the message otherwise. */
    public static String describe(Throwable t) {
        Status s = Status.fromThrowable(t);
        if (s.getCode() == Status.Code.UNKNOWN && s.getDescription() == null) {
            return String.valueOf(t);
        }
        return "rpc error: code = " + goName(s.getCode()) + " desc = " + s.getDescription();
    }

    static String goName(Status.Code code) {
        if (code == Status.Code.CANCELLED) {
            return "Canceled";
        }
        StringBuilder sb = new StringBuilder();
        for (String part : code.name().split("_")) {
            sb.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
        }
        return sb.toString();
    }
}
