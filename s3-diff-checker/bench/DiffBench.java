import com.example.serverless.s3diff.diff.TextDiff;
import com.example.serverless.s3diff.diff.TextDiffResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The checker's own path on two local files: strict UTF-8 line decoding (as ObjectVersionReader does on the S3
 * stream) and TextDiff (java-diff-utils, linear-space Myers, unified diff with 3 lines of context).
 * Prints the first call in a fresh JVM (JVM start and the handler's S3 setup excluded: the script measures the
 * whole process separately) and a second, warmed-up call; both include reading and decoding the two files.
 * usage: java -cp <module classpath> DiffBench <old-file> <new-file>
 */
public final class DiffBench {

    public static void main(String[] args) throws IOException {
        long first = run(Path.of(args[0]), Path.of(args[1]));
        long start = System.nanoTime();
        TextDiffResult result = diff(Path.of(args[0]), Path.of(args[1]));
        long second = (System.nanoTime() - start) / 1_000_000;
        System.out.printf(
                "{\"firstMs\":%d,\"warmMs\":%d,\"addedLines\":%d,\"removedLines\":%d,\"unifiedChars\":%d}%n",
                first,
                second,
                result.addedLines(),
                result.removedLines(),
                result.unifiedDiff().length());
    }

    private static long run(Path before, Path after) throws IOException {
        long start = System.nanoTime();
        diff(before, after);
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static TextDiffResult diff(Path before, Path after) throws IOException {
        return TextDiff.compare(lines(before), lines(after), "old", "new", Duration.ofMinutes(5));
    }

    private static List<String> lines(Path file) throws IOException {
        var decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder), 64 * 1024)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
        }
        return lines;
    }
}
