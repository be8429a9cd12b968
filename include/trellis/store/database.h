// A thin RAII wrapper over sqlite3 (after Orthanc's SQLite/ and Chromium's sql/): the only code
// that includes sqlite3.h. Result codes are checked in one place (Statement/Connection):
//   SQLITE_CONSTRAINT_UNIQUE/PRIMARYKEY → Error conflict
//   SQLITE_CONSTRAINT_FOREIGNKEY        → Error failed_precondition
//   SQLITE_BUSY / SQLITE_LOCKED         → Error unavailable (retry later)
//   anything else                       → Error internal (the message is logged, not sent)
#pragma once
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

// A prepared statement. Bind indexes start at 1, column indexes at 0. Owned by its Connection's
// cache; reset and cleared each time it is handed out by Connection::prepare.
class Statement {
 public:
  Statement(Connection& conn, sqlite3_stmt* stmt);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

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
  void reset();

  bool isNull(int column) const;
  std::int64_t int64(int column) const;
  double real(int column) const;
  std::string text(int column) const;
  std::string_view textView(int column) const;  // valid until the next step/reset
  std::optional<std::int64_t> optionalInt64(int column) const;
  std::optional<std::string> optionalText(int column) const;

 private:
  Connection& conn_;
  sqlite3_stmt* stmt_;
};

struct DatabaseOptions {
  std::string path;                 // file path; created when missing (writer only)
  int busy_timeout_ms = 5000;       // RELIABILITY.md §1.3
  int reader_pool_size = 64;        // idle reader connections kept open at most
  std::int64_t query_step_limit = 0; // progress-handler budget per statement in VM steps; 0 = none
};

// One sqlite3 connection with the house settings (WAL, synchronous=FULL, foreign_keys, busy
// timeout, trusted_schema=OFF, defensive mode), asserted after opening. Not thread-safe.
class Connection {
 public:
  static std::unique_ptr<Connection> open(const DatabaseOptions& options, bool read_only);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // A cached prepared statement for this SQL text, reset and with bindings cleared.
  Statement& prepare(std::string_view sql);
  // Runs one or more statements without results (migrations, pragmas).
  void exec(std::string_view sql);
  std::int64_t lastInsertRowid() const;
  int changes() const;
  std::int64_t userVersion();
  bool inTransaction() const;
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
  std::unordered_map<std::string, std::unique_ptr<Statement>, SqlHash, std::equal_to<>> cache_;
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

  std::int64_t schemaVersion() const { return schema_version_; }
  const DatabaseOptions& options() const { return options_; }

 private:
  std::unique_ptr<Connection> openReader() const;
  std::unique_ptr<Connection> borrowReader();
  void returnReader(std::unique_ptr<Connection> conn);

  DatabaseOptions options_;
  std::mutex writer_mutex_;
  std::unique_ptr<Connection> writer_;
  std::mutex watch_mutex_;
  std::unique_ptr<Connection> watch_;
  std::mutex readers_mutex_;
  std::vector<std::unique_ptr<Connection>> idle_readers_;
  std::int64_t schema_version_ = 0;
};

}  // namespace trellis::store
