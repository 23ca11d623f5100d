package dev.parley.socketio.adapter.redis;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The Redis adapter lives under the adapter SPI's package, where the project's architecture test forbids Netty: it
 * uses Lettuce's API and the JDK's executors, never Netty's types, even though Lettuce runs on Netty.
 */
@AnalyzeClasses(packages = "dev.parley.socketio.adapter.redis",
    importOptions = {ImportOption.DoNotIncludeTests.class, ImportOption.DoNotIncludeJars.class})
class RedisArchitectureTest {

  @ArchTest
  static final ArchRule noNetty = noClasses()
      .that().resideInAPackage("dev.parley.socketio.adapter.redis..")
      .should().dependOnClassesThat().resideInAPackage("io.netty..")
      .because("cluster adapters implement the SPI without knowing the transport");
}
