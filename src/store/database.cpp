#include "trellis/store/database.h"

#include <sqlite3.h>

#include <iostream>

#include "trellis/core/error.h"
#include "trellis/store/migrations.h"

namespace trellis::store {

// ---- Statement ----------------------------------------------------------------------------

Statement::Statement(Connection& conn, sqlite3_stmt* stmt) : conn_(conn), stmt_(stmt) {}
Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::bind(int index, std::int64_t value) {
  int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK) conn_.fail(rc, "bind");
  return *this;
}
Statement& Statement::bind(int index, double value) {
  int rc = sqlite3_bind_double(stmt_, index, value);
  if (rc != SQLITE_OK) conn_.fail(rc, "bind");
  return *this;
}
Statement& Statement::bind(int index, std::string_view text) {
  int rc = sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  if (rc != SQLITE_OK) conn_.fail(rc, "bind");
  return *this;
}
Statement& Statement::bindNull(int index) {
  int rc = sqlite3_bind_null(stmt_, index);
  if (rc != SQLITE_OK) conn_.fail(rc, "bind");
  return *this;
}

int Statement::parameterIndex(const char* name) const {
  return sqlite3_bind_parameter_index(stmt_, name);
}

bool Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  // The statement must be reset before the error is thrown so its locks are released.
  sqlite3_reset(stmt_);
  conn_.fail(rc, sqlite3_sql(stmt_));
}

void Statement::run() {
  while (step()) {
  }
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

bool Statement::isNull(int c) const { return sqlite3_column_type(stmt_, c) == SQLITE_NULL; }
std::int64_t Statement::int64(int c) const { return sqlite3_column_int64(stmt_, c); }
double Statement::real(int c) const { return sqlite3_column_double(stmt_, c); }
std::string_view Statement::textView(int c) const {
  auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, c));
  return p ? std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, c))) : std::string_view();
}
std::string Statement::text(int c) const { return std::string(textView(c)); }
std::optional<std::int64_t> Statement::optionalInt64(int c) const {
  if (isNull(c)) return std::nullopt;
  return int64(c);
}
std::optional<std::string> Statement::optionalText(int c) const {
  if (isNull(c)) return std::nullopt;
  return text(c);
}

// ---- Connection ---------------------------------------------------------------------------

namespace {

int progressBudgetExceeded(void*) { return 1; }  // non-zero interrupts the statement

int schemaGuard(void*, int action, const char* name, const char*, const char*, const char*) {
  switch (action) {
    case SQLITE_CREATE_INDEX: case SQLITE_CREATE_TABLE: case SQLITE_CREATE_TEMP_INDEX:
    case SQLITE_CREATE_TEMP_TABLE: case SQLITE_CREATE_TEMP_TRIGGER: case SQLITE_CREATE_TEMP_VIEW:
    case SQLITE_CREATE_TRIGGER: case SQLITE_CREATE_VIEW: case SQLITE_DROP_INDEX: case SQLITE_DROP_TABLE:
    case SQLITE_DROP_TEMP_INDEX: case SQLITE_DROP_TEMP_TABLE: case SQLITE_DROP_TEMP_TRIGGER:
    case SQLITE_DROP_TEMP_VIEW: case SQLITE_DROP_TRIGGER: case SQLITE_DROP_VIEW: case SQLITE_ALTER_TABLE:
    case SQLITE_CREATE_VTABLE: case SQLITE_DROP_VTABLE:
      return SQLITE_DENY;
    case SQLITE_PRAGMA:
      return (name && std::string_view(name) == "writable_schema") ? SQLITE_DENY : SQLITE_OK;
    default:
      return SQLITE_OK;
  }
}

void checkPragma(Connection& c, const char* pragma, const std::string& expected) {
  auto& st = c.prepare(std::string("PRAGMA ") + pragma);
  std::string got = st.step() ? st.text(0) : "";
  st.reset();
  if (got != expected) {
    throw Error::internal(std::string("database setting ") + pragma + " is " + got + ", expected " + expected);
  }
}

}  // namespace

std::unique_ptr<Connection> Connection::open(const DatabaseOptions& options, bool read_only) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (read_only ? 0 : SQLITE_OPEN_CREATE);
  int rc = sqlite3_open_v2(options.path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    throw Error::unavailable("cannot open database " + options.path + ": " + msg);
  }
  std::unique_ptr<Connection> conn(new Connection(db));
  sqlite3_extended_result_codes(db, 1);
  sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
  sqlite3_busy_timeout(db, options.busy_timeout_ms);
  // security.html: bound what one statement may build.
  sqlite3_limit(db, SQLITE_LIMIT_LENGTH, 16 * 1000 * 1000);
  sqlite3_limit(db, SQLITE_LIMIT_SQL_LENGTH, 1000 * 1000);
  if (options.query_step_limit > 0) {
    sqlite3_progress_handler(db, static_cast<int>(options.query_step_limit), progressBudgetExceeded, nullptr);
  }
  conn->exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
             "PRAGMA trusted_schema=OFF; PRAGMA mmap_size=0;");
  if (read_only) {
    // Readers map the file: pages come from the shared OS page cache instead of a pread() into
    // each connection's private cache. The writer keeps mmap off, so a stray write through a
    // mapped page cannot happen (howtocorrupt.html §2.4).
    conn->exec("PRAGMA query_only=ON; PRAGMA mmap_size=268435456; PRAGMA cache_size=-4096;");
  } else {
    // Checkpoint every ~8 MiB of WAL rather than ~4 MiB: each checkpoint is an extra fsync of
    // the database file on the durable write path.
    // A larger page cache for the one writer: edits land on random rows of a large register,
    // and every miss is a pread() inside the write lock.
    conn->exec("PRAGMA wal_autocheckpoint=2000; PRAGMA cache_size=-65536;");
  }
  // RELIABILITY.md T01: a stray setting would silently drop a guarantee, so assert them.
  checkPragma(*conn, "journal_mode", "wal");
  checkPragma(*conn, "synchronous", "2");
  checkPragma(*conn, "foreign_keys", "1");
  checkPragma(*conn, "trusted_schema", "0");
  int defensive = 0;
  sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, -1, &defensive);
  if (!defensive) throw Error::internal("SQLITE_DBCONFIG_DEFENSIVE could not be enabled");
  return conn;
}

Connection::~Connection() {
  cache_.clear();  // finalize statements before closing
  sqlite3_close(db_);
}

Statement& Connection::prepare(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) {
    it->second->reset();
    return *it->second;
  }
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                              &stmt, nullptr);
  if (rc != SQLITE_OK) fail(rc, sql);
  auto [pos, inserted] = cache_.emplace(std::string(sql), std::make_unique<Statement>(*this, stmt));
  return *pos->second;
}

void Connection::exec(std::string_view sql) {
  std::string text(sql);
  char* err = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : "";
    sqlite3_free(err);
    fail(rc, msg.empty() ? text : msg);
  }
}

void Connection::refuseSchemaChanges() { sqlite3_set_authorizer(db_, schemaGuard, nullptr); }

std::int64_t Connection::lastInsertRowid() const { return sqlite3_last_insert_rowid(db_); }
int Connection::changes() const { return sqlite3_changes(db_); }
bool Connection::inTransaction() const { return sqlite3_get_autocommit(db_) == 0; }

std::int64_t Connection::userVersion() {
  auto& st = prepare("PRAGMA user_version");
  std::int64_t v = st.step() ? st.int64(0) : 0;
  st.reset();
  return v;
}

void Connection::fail(int rc, std::string_view context) const {
  std::string msg = sqlite3_errmsg(db_);
  switch (rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      throw Error::conflict("duplicate", "a record with the same key already exists");
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      throw Error::failedPrecondition("reference_missing", "a referenced record does not exist");
    default:
      break;
  }
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      throw Error::unavailable("the database is busy; retry shortly");
    case SQLITE_INTERRUPT:
      throw Error::unavailable("the query ran past its time budget");
    case SQLITE_FULL:
      throw Error::unavailable("the database disk is full");
    case SQLITE_CONSTRAINT:
      // CHECK and trigger RAISE(ABORT) constraints: the message is ours (from the schema).
      throw Error::failedPrecondition("constraint", msg);
    default:
      break;
  }
  std::cerr << "sqlite error " << rc << " (" << msg << ") in: " << context << std::endl;
  throw Error::internal("database error");
}

// ---- Transaction --------------------------------------------------------------------------

Transaction::Transaction(Connection& conn, Mode mode) : conn_(conn) {
  conn_.prepare(mode == Mode::immediate ? "BEGIN IMMEDIATE" : "BEGIN").run();
}

Transaction::~Transaction() {
  if (!done_ && conn_.inTransaction()) {
    try {
      conn_.prepare("ROLLBACK").run();
    } catch (const Error& e) {
      // A destructor must not throw; a failed rollback leaves SQLite to roll back on close.
      std::cerr << "rollback failed: " << e.what() << std::endl;
    }
  }
}

void Transaction::commit() {
  conn_.prepare("COMMIT").run();
  done_ = true;
}

// ---- Database -----------------------------------------------------------------------------

Database::Database(DatabaseOptions options) : options_(std::move(options)) {
  writer_ = Connection::open(options_, false);
  migrate(*writer_);
  schema_version_ = writer_->userVersion();
  writer_->refuseSchemaChanges();
  watch_ = openReader();
}

std::unique_ptr<Connection> Database::openReader() const {
  auto conn = Connection::open(options_, true);
  conn->refuseSchemaChanges();
  return conn;
}

std::int64_t Database::dataVersion() {
  std::lock_guard<std::mutex> lock(watch_mutex_);
  auto& st = watch_->prepare("PRAGMA data_version");
  std::int64_t v = st.step() ? st.int64(0) : 0;
  st.reset();
  return v;
}

Database::~Database() {
  std::lock_guard<std::mutex> lock(writer_mutex_);
  if (writer_) {
    // Leave a small WAL behind on a clean shutdown.
    try {
      writer_->exec("PRAGMA wal_checkpoint(TRUNCATE);");
    } catch (const Error& e) {
      std::cerr << "checkpoint at close failed: " << e.what() << std::endl;
    }
  }
}

void Database::write(const std::function<void(Connection&)>& fn) {
  std::lock_guard<std::mutex> lock(writer_mutex_);
  Transaction tx(*writer_, Transaction::Mode::immediate);
  fn(*writer_);
  tx.commit();
}

void Database::readAutocommit(const std::function<void(Connection&)>& fn) {
  auto conn = borrowReader();
  fn(*conn);
  returnReader(std::move(conn));
}

void Database::read(const std::function<void(Connection&)>& fn) {
  auto conn = borrowReader();
  {
    Transaction tx(*conn, Transaction::Mode::deferred);
    fn(*conn);
    tx.commit();
  }
  returnReader(std::move(conn));
}

std::unique_ptr<Connection> Database::borrowReader() {
  {
    std::lock_guard<std::mutex> lock(readers_mutex_);
    if (!idle_readers_.empty()) {
      auto conn = std::move(idle_readers_.back());
      idle_readers_.pop_back();
      return conn;
    }
  }
  return openReader();
}

void Database::returnReader(std::unique_ptr<Connection> conn) {
  std::lock_guard<std::mutex> lock(readers_mutex_);
  if (static_cast<int>(idle_readers_.size()) < options_.reader_pool_size) {
    idle_readers_.push_back(std::move(conn));
  }
}

}  // namespace trellis::store
