import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The ceiling of a durable acknowledgement on this machine: an HTTP server on the same stack as
 * Ferry (Vert.x, one server per core) that reads each request's body, appends its bytes to a file
 * and answers 200 once a group-committed force covers them, and does nothing else: no parsing, no
 * state. Whatever it reaches, a server that acknowledges only after the disk has the push cannot
 * pass with the same load generator.
 *
 * <p>Run from the repository root with Ferry's jar on the class path (it carries Vert.x):
 * {@code java -cp ferry/target/ferry.jar bench/push/AckAfterForce.java PORT FILE force|noforce};
 * prints {@code ready} when listening, and runs until killed.
 */
public class AckAfterForce {
    private record Waiting(Context context, HttpServerRequest request, int bytes) {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Path file = Path.of(args[1]);
        boolean force = args[2].equals("force");
        Files.deleteIfExists(file);
        FileChannel log = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        LinkedBlockingQueue<Waiting> queue = new LinkedBlockingQueue<>();

        // One writer thread takes everything waiting, appends it, forces once, and answers all of it.
        Thread writer = new Thread(() -> {
            List<Waiting> batch = new ArrayList<>();
            long position = 0;
            try {
                while (true) {
                    batch.clear();
                    batch.add(queue.take());
                    queue.drainTo(batch);
                    int bytes = batch.stream().mapToInt(Waiting::bytes).sum();
                    position += log.write(ByteBuffer.allocate(bytes), position);
                    if (force) {
                        log.force(false);
                    }
                    for (Waiting w : batch) {
                        w.context().runOnContext(v -> w.request().response().end());
                    }
                }
            } catch (Exception e) {
                e.printStackTrace();
                System.exit(1);
            }
        }, "writer");
        writer.setDaemon(true);
        writer.start();

        Vertx vertx = Vertx.vertx();
        for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
            vertx.createHttpServer()
                    .requestHandler(request -> {
                        Context context = vertx.getOrCreateContext();
                        request.body().onSuccess(body -> queue.add(new Waiting(context, request, body.length())));
                    })
                    .listen(port, "127.0.0.1").await();
        }
        System.out.println("ready");
        Thread.sleep(Long.MAX_VALUE);
    }
}
