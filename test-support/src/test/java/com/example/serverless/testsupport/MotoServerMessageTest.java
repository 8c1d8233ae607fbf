package com.example.serverless.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MotoServerMessageTest {

    @Test
    void notInstalledMessage_namesAScriptAndAReadmeSectionThatExist() throws Exception {
        Path root = ProjectPaths.root();

        Matcher script = Pattern.compile("scripts/[\\w.-]+\\.sh").matcher(MotoServer.NOT_INSTALLED);
        assertThat(script.find()).as("names a script").isTrue();
        assertThat(root.resolve(script.group())).isExecutable();

        Matcher section = Pattern.compile("section \"([^\"]+)\"").matcher(MotoServer.NOT_INSTALLED);
        assertThat(section.find()).as("names a README section").isTrue();
        assertThat(Files.readAllLines(root.resolve("README.md")))
                .anyMatch(line -> line.matches("#+ " + Pattern.quote(section.group(1))));
    }
}
