package dev.swim.spring.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.beans.factory.annotation.Value;

/**
 * Injects the gossip port the context's SWIM member actually bound, the way {@code LocalServerPort}
 * injects the web server's: {@code @LocalSwimPort int swimPort;} in a {@code @SpringBootTest}. It
 * reads {@code local.swim.port}, which the Gossiper's lifecycle publishes once it has started; a
 * bean created before that (or with {@code swim.auto-startup=false}) cannot use it. With the
 * in-memory transport it is the virtual port.
 */
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Value("${local.swim.port}")
public @interface LocalSwimPort {}
