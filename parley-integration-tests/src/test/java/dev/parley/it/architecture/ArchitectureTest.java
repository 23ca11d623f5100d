package dev.parley.it.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.parley.engineio.server.EngineServer;
import dev.parley.engineio.server.internal.DefaultEngineServer;
import dev.parley.socketio.server.SocketIoServer;
import dev.parley.socketio.server.internal.DefaultSocketIoServer;

/**
 * The layering of Parley's production code (the modules' jars, not their tests).
 *
 * <ul>
 *   <li>The public API packages expose no Netty type, so that applications do not depend on Netty through them:
 *       only the {@code .netty} embedding packages and the {@code .internal} implementation packages use Netty.
 *   <li>The codecs are pure: JDK only for Engine.IO, JDK and Jackson for Socket.IO.
 *   <li>The adapter SPI, which cluster adapters implement, has no Netty at all.
 *   <li>No package cycles, and the API reaches its implementation only through its factories.
 * </ul>
 */
@AnalyzeClasses(packages = {"dev.parley.engineio", "dev.parley.socketio"},
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule publicApiPackagesUseNoNetty = noClasses()
      .that().resideInAnyPackage("dev.parley.engineio.server", "dev.parley.socketio.server",
          "dev.parley.socketio.adapter")
      .should().dependOnClassesThat().resideInAPackage("io.netty..")
      .because("the public API must not tie applications to Netty; only *.netty and *.internal may use it");

  @ArchTest
  static final ArchRule engineIoCodecUsesOnlyTheJdk = classes()
      .that().resideInAPackage("dev.parley.engineio.codec..")
      .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.parley.engineio.codec..")
      .because("the Engine.IO codec is a pure, dependency-free library");

  @ArchTest
  static final ArchRule socketIoCodecUsesOnlyTheJdkAndJackson = classes()
      .that().resideInAPackage("dev.parley.socketio.codec..")
      .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "com.fasterxml.jackson..",
          "dev.parley.socketio.codec..")
      .because("the Socket.IO codec depends on Jackson for JSON and nothing else");

  @ArchTest
  static final ArchRule adapterSpiUsesNoNetty = noClasses()
      .that().resideInAPackage("dev.parley.socketio.adapter..")
      .should().dependOnClassesThat().resideInAPackage("io.netty..")
      .because("cluster adapters implement the SPI without knowing the transport");

  /**
   * No package cycles, with one accepted edge: the static factory of each server interface
   * ({@code EngineServer.create}, {@code SocketIoServer.create}) builds the implementation, which implements the
   * interface. The next rule keeps that the only way from an API package into an implementation package.
   */
  @ArchTest
  static final ArchRule noPackageCycles = slices()
      .matching("dev.parley.(**)")
      .should().beFreeOfCycles()
      .ignoreDependency(EngineServer.class, DefaultEngineServer.class)
      .ignoreDependency(SocketIoServer.class, DefaultSocketIoServer.class);

  @ArchTest
  static final ArchRule apiPackagesReachTheImplementationOnlyThroughTheFactories = noClasses()
      .that().resideInAnyPackage("dev.parley.engineio.server", "dev.parley.socketio.server",
          "dev.parley.socketio.adapter")
      .and().doNotHaveFullyQualifiedName(EngineServer.class.getName())
      .and().doNotHaveFullyQualifiedName(SocketIoServer.class.getName())
      .should().dependOnClassesThat().resideInAPackage("dev.parley..internal..")
      .because("the public API is interfaces and values; only the factories create the implementation");
}
