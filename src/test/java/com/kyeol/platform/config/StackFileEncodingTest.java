package com.kyeol.platform.config;

import com.kyeol.platform.support.TestStacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Stack files are UTF-8 (a byte-order mark is fine); anything else is one line per problem, with line and column. */
class StackFileEncodingTest {

    private static List<String> problems(Path dir, byte[] bytes) throws IOException {
        Path project = StackFileCorpusTest.copyOfProject(dir);
        Files.write(project.resolve("Pulumi.dev.yaml"), bytes);
        return assertThrows(InvalidSettingsException.class, () -> ProjectFiles.open(project).load("dev")).problems();
    }

    @Test
    void latin1BytesAreReportedOncePerLineWithTheirColumn(@TempDir Path dir) throws IOException {
        byte[] latin1 = "config:\n  kyeol-platform:tier: d\u00e9veloppement\n  aws:region: ap-northeast-3\n  kyeol-platform:site: caf\u00e9 \u00e9t\u00e9\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(List.of(
                "Pulumi.dev.yaml:2:25: byte 0xE9 is not UTF-8 (the file looks saved as Latin-1 or Windows-1252); expected a UTF-8 file: save it as UTF-8",
                "Pulumi.dev.yaml:4:27: byte 0xE9 is not UTF-8 (the file looks saved as Latin-1 or Windows-1252); expected a UTF-8 file: save it as UTF-8"),
                problems(dir, latin1));
    }

    @Test
    void utf16AndUtf32AreRefused(@TempDir Path dir) throws IOException {
        byte[] utf16 = "\ufeffconfig: {}\n".getBytes(StandardCharsets.UTF_16LE);
        assertEquals(List.of("Pulumi.dev.yaml: (file): is encoded as UTF-16 (it starts with a UTF-16 byte-order mark); expected a UTF-8 file: save it as UTF-8"),
                problems(dir, utf16));
        byte[] utf32 = new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 0, 'c', 0, 0, 0};
        assertEquals(List.of("Pulumi.dev.yaml: (file): is encoded as UTF-32 (it starts with a UTF-32 byte-order mark); expected a UTF-8 file: save it as UTF-8"),
                problems(dir, utf32));
    }

    @Test
    void aUtf8ByteOrderMarkIsAccepted(@TempDir Path dir) throws IOException {
        Path project = StackFileCorpusTest.copyOfProject(dir);
        byte[] text = Files.readAllBytes(Path.of("Pulumi.dev.yaml"));
        byte[] withBom = new byte[text.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(text, 0, withBom, 3, text.length);
        Files.write(project.resolve("Pulumi.dev.yaml"), withBom);
        assertEquals(TestStacks.config("dev").values(), ProjectFiles.open(project).load("dev").values());
    }
}
