package dev.swim.spring.test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * The application the {@code @SpringBootTest}s of this module start (see application.properties).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class SwimTestApplication {}
