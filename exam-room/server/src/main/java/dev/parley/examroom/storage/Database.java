package dev.parley.examroom.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.parley.examroom.config.AppConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database: a HikariCP pool, Flyway migrations, and the executor every JDBC call runs on.
 *
 * <p>It exists so that no JDBC call ever runs on a Netty event loop: {@link #tx} and {@link #read} hand the work to
 * a dedicated pool of threads (as many as connections) and return a future. A transaction commits before its future
 * completes, so callers acknowledge to users only what is durable. SQLite runs in WAL mode with
 * {@code synchronous=FULL} and a busy timeout; PostgreSQL is chosen by the JDBC URL.
 */
public final class Database implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Database.class);

  /** A unit of JDBC work. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private final HikariDataSource dataSource;
  private final ExecutorService executor;
  private final boolean sqlite;

  private Database(HikariDataSource dataSource, int threads, boolean sqlite) {
    this.dataSource = dataSource;
    this.sqlite = sqlite;
    AtomicInteger n = new AtomicInteger();
    ThreadFactory factory = r -> {
      Thread t = new Thread(r, "exam-db-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    this.executor = Executors.newFixedThreadPool(threads, factory);
  }

  /** Opens the pool and migrates the schema. */
  public static Database open(AppConfig config) {
    boolean sqlite = config.isSqlite();
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(config.dbUrl());
    hikari.setPoolName("exam-db");
    hikari.setMaximumPoolSize(config.dbPoolSize());
    hikari.setConnectionTimeout(Math.max(250, config.dbConnectionTimeout().toMillis()));
    hikari.setValidationTimeout(Math.max(250, Math.min(config.dbConnectionTimeout().toMillis(), 2000)));
    // start even when the database is down; requests then fail fast and clearly until it is back
    hikari.setInitializationFailTimeout(-1);
    if (sqlite) {
      createParent(config.dbUrl().substring("jdbc:sqlite:".length()));
      hikari.addDataSourceProperty("journal_mode", "WAL");
      hikari.addDataSourceProperty("synchronous", "FULL");
      hikari.addDataSourceProperty("busy_timeout", "5000");
      hikari.addDataSourceProperty("foreign_keys", "true");
      // A deferred transaction that reads, then writes fails at once with SQLITE_BUSY_SNAPSHOT when another
      // connection committed in between; taking the write lock at BEGIN makes such transactions wait (busy_timeout)
      // instead of failing.
      hikari.addDataSourceProperty("transaction_mode", "IMMEDIATE");
    } else {
      hikari.setUsername(config.dbUser());
      hikari.setPassword(config.dbPassword());
      // a statement that waits on a lock fails instead of holding a request forever
      hikari.addDataSourceProperty("options", "-c statement_timeout=10000");
      hikari.addDataSourceProperty("socketTimeout", "30");
    }
    HikariDataSource dataSource = new HikariDataSource(hikari);
    migrate(dataSource, sqlite);
    return new Database(dataSource, config.dbPoolSize(), sqlite);
  }

  private static void createParent(String file) {
    if (file.startsWith(":memory:") || file.isBlank()) {
      return;
    }
    Path parent = Path.of(file).toAbsolutePath().getParent();
    try {
      Files.createDirectories(parent);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the database directory " + parent, e);
    }
  }

  private static void migrate(DataSource dataSource, boolean sqlite) {
    Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/migration/" + (sqlite ? "sqlite" : "postgresql"))
        .load()
        .migrate();
    log.info("database schema migrated ({})", sqlite ? "SQLite" : "PostgreSQL");
  }

  public boolean isSqlite() {
    return sqlite;
  }

  /** Runs {@code work} in a transaction on the database executor; the future completes after the commit. */
  public <T> CompletableFuture<T> tx(Work<T> work) {
    return CompletableFuture.supplyAsync(() -> inTransaction(work), executor);
  }

  /** Runs a read on the database executor. */
  public <T> CompletableFuture<T> read(Work<T> work) {
    return tx(work);
  }

  /** Runs {@code work} in a transaction on the calling thread (which must not be an event loop). */
  public <T> T inTransaction(Work<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        if (!rollback(connection)) {
          // SQLite ends a transaction itself on SQLITE_FULL or an I/O error, and sqlite-jdbc does not notice: that
          // connection then fails every later transaction ("cannot commit - no transaction is active") even once
          // the disk has room again. A connection that cannot roll back is not trusted with the next request.
          dataSource.evictConnection(connection);
        }
        throw e;
      }
    } catch (SQLException e) {
      throw new StorageException("database unavailable: " + e.getMessage(), e);
    }
  }

  /** Rolls back; {@code false} when even that failed. */
  private static boolean rollback(Connection connection) {
    try {
      connection.rollback();
      return true;
    } catch (SQLException e) {
      log.debug("rollback failed", e);
      return false;
    }
  }

  /** The executor JDBC runs on, for work that must follow a transaction in order. */
  public ExecutorService executor() {
    return executor;
  }

  @Override
  public void close() {
    executor.shutdown();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    dataSource.close();
  }
}
