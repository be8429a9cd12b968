// A thin RAII wrapper over sqlite3 (after Orthanc's SQLite/ and Chromium's sql/): the only code
// that includes sqlite3.h. Result codes are checked in one place (Statement/Connection):
//   SQLITE_CONSTRAINT_UNIQUE/PRIMARYKEY → Error conflict
//   SQLITE_CONSTRAINT_FOREIGNKEY        → Error failed_precondition
//   SQLITE_BUSY / SQLITE_LOCKED         → Error unavailable (retry later)
//   anything else                       → Error internal (the message is logged, not sent)
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace trellis::store {

class Connection;

// One prepared statement in a Connection's cache (internal to store; Statement is the way in).
struct CachedStatement {
  explicit CachedStatement(sqlite3_stmt* s) : stmt(s) {}
  ~CachedStatement();
  CachedStatement(const CachedStatement&) = delete;
  CachedStatement& operator=(const CachedStatement&) = delete;
  sqlite3_stmt* stmt;
  bool in_use = false;  // a Statement scope holds it
};

// A cached prepared statement, held for one use (after Chromium's sql::Statement): handed out
// by Connection::prepare and reset, with its bindings cleared, when this scope ends — however
// the code that stepped it leaves (return after the first row, break, throw). A statement that
// returned a row and was left un-reset keeps its connection in a read transaction, so that
// connection would serve an old snapshot forever and no checkpoint could pass it (issue 8).
// Bind indexes start at 1, column indexes at 0. Move-only; use it in the scope that prepared it.
class Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind(int index, double value);
  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
  Statement& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
  Statement& bindNull(int index);
  template <class T>
  Statement& bind(int index, const std::optional<T>& value) {
    return value ? bind(index, *value) : bindNull(index);
  }

  // Index of a named parameter (":name"), 0 when the SQL does not use it.
  int parameterIndex(const char* name) const;

  // Advances; true when a row is available. Throws Error on failure.
  bool step();
  // Runs a statement that returns no rows (or ignores them).
  void run();
  // Resets now (the scope's end does it anyway) and clears the bindings: to run it again.
  void reset();

  bool isNull(int column) const;
  std::int64_t int64(int column) const;
  double real(int column) const;
  std::string text(int column) const;
  std::string_view textView(int column) const;  // valid until the next step/reset
  std::optional<std::int64_t> optionalInt64(int column) const;
  std::optional<std::string> optionalText(int column) const;

 private:
  friend class Connection;
  Statement(const Connection& conn, CachedStatement& cached);
  const Connection* conn_;
  CachedStatement* cached_;  // null once moved from
};

// What a connection looked like when it was handed back (to the reader pool, or by the writer
// at the end of a write): anything but clean means some code left a statement stepping or a
// transaction open, which pins a snapshot.
struct ConnectionState {
  bool open_transaction = false;  // sqlite3_get_autocommit() == 0
  int busy_statements = 0;        // sqlite3_next_stmt() walk, sqlite3_stmt_busy() != 0
  bool clean() const { return !open_transaction && busy_statements == 0; }
  std::string describe() const;
};

// What Database does with a connection that comes back not clean: both reset it (reset every
// busy statement, roll back) and count it; `fail` then throws Error::internal as well, so a test
// sees a 500 (test harnesses set it); `repair` logs and carries on (the shipped setting).
enum class DirtyConnectionPolicy { repair, fail };

struct DatabaseOptions {
  std::string path;                 // file path; created when missing (writer only)
  int busy_timeout_ms = 5000;       // RELIABILITY.md §1.3
  int reader_pool_size = 64;        // idle reader connections kept open at most
  std::int64_t query_step_limit = 0; // progress-handler budget per statement in VM steps; 0 = none
  DirtyConnectionPolicy dirty_connections = DirtyConnectionPolicy::repair;
};

// One sqlite3 connection with the house settings (WAL, synchronous=FULL, foreign_keys, busy
// timeout, trusted_schema=OFF, defensive mode), asserted after opening. Not thread-safe.
class Connection {
 public:
  static std::unique_ptr<Connection> open(const DatabaseOptions& options, bool read_only);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // The cached prepared statement for this SQL text, held until the returned scope ends (then
  // reset). Throws Error internal when that statement is still held by an enclosing scope:
  // re-preparing would reset it under the code that is stepping it.
  Statement prepare(std::string_view sql);
  // Runs one or more statements without results (migrations, pragmas).
  void exec(std::string_view sql);
  std::int64_t lastInsertRowid() const;
  int changes() const;
  std::int64_t userVersion();
  bool inTransaction() const;
  // Open transaction and busy statements (including ones not made by prepare).
  ConnectionState state() const;
  // Resets every busy statement and rolls back an open transaction; true when clean afterwards.
  bool makeClean();
  // From now on statements that change the schema (CREATE, DROP, ALTER, writable_schema) are
  // refused when prepared: the running service cannot drop the audit trail's append-only
  // triggers, whatever SQL reaches it (RELIABILITY.md §5). Migrations run before this.
  void refuseSchemaChanges();

  // Internal: turns a result code into an Error (throws). Used by Statement.
  [[noreturn]] void fail(int rc, std::string_view context) const;
  sqlite3* handle() const { return db_; }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  // Looked up by string_view (transparent hash), so a hit copies no SQL text.
  struct SqlHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::unique_ptr<CachedStatement>, SqlHash, std::equal_to<>> cache_;
};

// BEGIN IMMEDIATE (writers) or BEGIN (readers' consistent snapshot); rolls back unless committed.
class Transaction {
 public:
  enum class Mode { immediate, deferred };
  Transaction(Connection& conn, Mode mode);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Connection& conn_;
  bool done_ = false;
};

// The database: one writer connection (one write transaction at a time, BEGIN IMMEDIATE) and a
// pool of reader connections, so readers never wait for the writer (WAL). Thread-safe.
class Database {
 public:
  // Opens (creating if needed) and applies pending migrations. Throws Error failed_precondition
  // when the file's schema is newer than this binary knows.
  explicit Database(DatabaseOptions options);
  ~Database();

  // Runs fn inside BEGIN IMMEDIATE … COMMIT on the writer connection; rolls back when fn throws.
  void write(const std::function<void(Connection&)>& fn);
  // Runs fn on a reader connection inside a read transaction (one consistent snapshot).
  void read(const std::function<void(Connection&)>& fn);
  // Runs fn on a reader connection without an explicit transaction: each statement is its own
  // snapshot. For hot single-statement lookups, where BEGIN and COMMIT would triple the work.
  void readAutocommit(const std::function<void(Connection&)>& fn);

  // A number that changes whenever a connection other than the watcher commits — this
  // process's writer or another process such as `trellis user disable` (PRAGMA data_version).
  // Caches revalidate only when it moved. Cheap: it reads the WAL index in shared memory.
  std::int64_t dataVersion();

  // Connections that came back not clean since start (see DirtyConnectionPolicy). Each one was
  // reset before reuse, or closed when it could not be; in a correct build this stays 0.
  std::int64_t dirtyConnections() const { return dirty_connections_.load(); }

  std::int64_t schemaVersion() const { return schema_version_; }
  const DatabaseOptions& options() const { return options_; }

 private:
  std::unique_ptr<Connection> openReader() const;
  std::unique_ptr<Connection> borrowReader();
  // Checks the connection (see ConnectionState) and puts it back in the pool. unwinding: called
  // while an exception propagates, so it must not throw a second one.
  void returnReader(std::unique_ptr<Connection> conn, bool unwinding);
  // Checks a connection handed back; when not clean counts, logs and cleans it and sets *dirty to
  // what was wrong. False when it could not be made clean (then it must be closed).
  bool checkIn(Connection& conn, const char* role, std::string* dirty);
  // Throws Error internal for a dirty hand-back under DirtyConnectionPolicy::fail (not while an
  // exception is already propagating).
  void refuseDirty(const char* role, const std::string& dirty, bool unwinding) const;

  DatabaseOptions options_;
  std::mutex writer_mutex_;
  std::unique_ptr<Connection> writer_;
  std::mutex watch_mutex_;
  std::unique_ptr<Connection> watch_;
  std::mutex readers_mutex_;
  std::vector<std::unique_ptr<Connection>> idle_readers_;
  std::int64_t schema_version_ = 0;
  std::atomic<std::int64_t> dirty_connections_{0};
};

}  // namespace trellis::store
