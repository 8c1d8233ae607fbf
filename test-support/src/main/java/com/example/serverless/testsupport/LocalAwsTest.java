package com.example.serverless.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class that talks to a real local AWS endpoint over HTTP. Declare a {@link LocalAws} parameter (constructor,
 * {@code @BeforeAll}, {@code @BeforeEach} or test method) to receive it. The endpoint is started once per test JVM.
 * If no endpoint can be had, the test fails; it never skips.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(LocalAwsExtension.class)
public @interface LocalAwsTest {}
