#include "trellis/store/database.h"

#include <sqlite3.h>

#include <iostream>

#include "trellis/core/error.h"
#include "trellis/store/migrations.h"

namespace trellis::store {

// ---- Statement ----------------------------------------------------------------------------

CachedStatement::~CachedStatement() { sqlite3_finalize(stmt); }

Statement::Statement(const Connection& conn, CachedStatement& cached) : conn_(&conn), cached_(&cached) {
  cached_->in_use = true;
}

Statement::Statement(Statement&& other) noexcept : conn_(other.conn_), cached_(other.cached_) {
  other.cached_ = nullptr;
}

Statement::~Statement() {
  if (!cached_) return;
  sqlite3_reset(cached_->stmt);
  sqlite3_clear_bindings(cached_->stmt);
  cached_->in_use = false;
}

Statement& Statement::bind(int index, std::int64_t value) {
  int rc = sqlite3_bind_int64(cached_->stmt, index, value);
  if (rc != SQLITE_OK) conn_->fail(rc, "bind");
  return *this;
}
Statement& Statement::bind(int index, double value) {
  int rc = sqlite3_bind_double(cached_->stmt, index, value);
  if (rc != SQLITE_OK) conn_->fail(rc, "bind");
  return *this;
}
Statement& Statement::bind(int index, std::string_view text) {
  int rc = sqlite3_bind_text64(cached_->stmt, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  if (rc != SQLITE_OK) conn_->fail(rc, "bind");
  return *this;
}
Statement& Statement::bindNull(int index) {
  int rc = sqlite3_bind_null(cached_->stmt, index);
  if (rc != SQLITE_OK) conn_->fail(rc, "bind");
  return *this;
}

int Statement::parameterIndex(const char* name) const {
  return sqlite3_bind_parameter_index(cached_->stmt, name);
}

bool Statement::step() {
  int rc = sqlite3_step(cached_->stmt);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  // The statement must be reset before the error is thrown so its locks are released.
  sqlite3_reset(cached_->stmt);
  conn_->fail(rc, sqlite3_sql(cached_->stmt));
}

void Statement::run() {
  while (step()) {
  }
}

void Statement::reset() {
  sqlite3_reset(cached_->stmt);
  sqlite3_clear_bindings(cached_->stmt);
}

bool Statement::isNull(int c) const { return sqlite3_column_type(cached_->stmt, c) == SQLITE_NULL; }
std::int64_t Statement::int64(int c) const { return sqlite3_column_int64(cached_->stmt, c); }
double Statement::real(int c) const { return sqlite3_column_double(cached_->stmt, c); }
std::string_view Statement::textView(int c) const {
  auto* p = reinterpret_cast<const char*>(sqlite3_column_text(cached_->stmt, c));
  return p ? std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(cached_->stmt, c))) : std::string_view();
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
  auto st = c.prepare(std::string("PRAGMA ") + pragma);
  std::string got = st.step() ? st.text(0) : "";
  if (got != expected) {
    throw Error(errc::internal, std::string("database setting ") + pragma + " is " + got + ", expected " + expected);
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
    throw Error(errc::unavailable, "cannot open database " + options.path + ": " + msg);
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
  if (!defensive) throw Error(errc::internal, "SQLITE_DBCONFIG_DEFENSIVE could not be enabled");
  return conn;
}

Connection::~Connection() {
  cache_.clear();  // finalize statements before closing
  sqlite3_close_v2(db_);  // a statement made outside the cache keeps it open until finalized
}

Statement Connection::prepare(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) {
    if (it->second->in_use) {
      std::cerr << "statement prepared again while still in use in: " << sql << std::endl;
      throw Error(errc::internal, "a database statement was re-entered while in use");
    }
    return Statement(*this, *it->second);
  }
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                              &stmt, nullptr);
  if (rc != SQLITE_OK) fail(rc, sql);
  auto [pos, inserted] = cache_.emplace(std::string(sql), std::make_unique<CachedStatement>(stmt));
  return Statement(*this, *pos->second);
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

std::string ConnectionState::describe() const {
  std::string out;
  if (open_transaction) out = "an open transaction";
  if (busy_statements > 0) {
    if (!out.empty()) out += " and ";
    out += std::to_string(busy_statements) + " busy statement" + (busy_statements == 1 ? "" : "s");
  }
  return out.empty() ? "clean" : out;
}

ConnectionState Connection::state() const {
  ConnectionState s;
  s.open_transaction = sqlite3_get_autocommit(db_) == 0;
  for (sqlite3_stmt* st = sqlite3_next_stmt(db_, nullptr); st; st = sqlite3_next_stmt(db_, st)) {
    if (sqlite3_stmt_busy(st)) ++s.busy_statements;
  }
  return s;
}

bool Connection::makeClean() {
  for (sqlite3_stmt* st = sqlite3_next_stmt(db_, nullptr); st; st = sqlite3_next_stmt(db_, st)) {
    if (sqlite3_stmt_busy(st)) sqlite3_reset(st);
  }
  // Not through prepare: a cached ROLLBACK could itself be the statement that is held.
  if (sqlite3_get_autocommit(db_) == 0) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  return state().clean();
}

std::int64_t Connection::userVersion() {
  auto st = prepare("PRAGMA user_version");
  return st.step() ? st.int64(0) : 0;
}

void Connection::fail(int rc, std::string_view context) const {
  std::string msg = sqlite3_errmsg(db_);
  switch (rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      throw Error(errc::duplicate, "a record with the same key already exists");
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      throw Error(errc::reference_missing, "a referenced record does not exist");
    default:
      break;
  }
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      throw Error(errc::unavailable, "the database is busy; retry shortly");
    case SQLITE_INTERRUPT:
      throw Error(errc::unavailable, "the query ran past its time budget");
    case SQLITE_FULL:
      throw Error(errc::unavailable, "the database disk is full");
    case SQLITE_CONSTRAINT:
      // CHECK and trigger RAISE(ABORT) constraints: the message is ours (from the schema).
      throw Error(errc::constraint, msg);
    default:
      break;
  }
  std::cerr << "sqlite error " << rc << " (" << msg << ") in: " << context << std::endl;
  throw Error(errc::internal, "database error");
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
  auto st = watch_->prepare("PRAGMA data_version");
  return st.step() ? st.int64(0) : 0;
}

Database::~Database() {
  // Readers first: a reader's snapshot is what a checkpoint must not overtake.
  {
    std::lock_guard<std::mutex> lock(readers_mutex_);
    idle_readers_.clear();
  }
  {
    std::lock_guard<std::mutex> lock(watch_mutex_);
    watch_.reset();
  }
  std::lock_guard<std::mutex> lock(writer_mutex_);
  if (writer_) {
    // Leave a small WAL behind on a clean shutdown. The pragma answers (busy, log, checkpointed);
    // busy = 1 means some connection (another process) still reads an older snapshot.
    try {
      auto st = writer_->prepare("PRAGMA wal_checkpoint(TRUNCATE)");
      if (st.step() && st.int64(0) != 0) {
        std::cerr << "checkpoint at close failed: another connection still reads the database (" << st.int64(1)
                  << " WAL frames left)" << std::endl;
      }
    } catch (const Error& e) {
      std::cerr << "checkpoint at close failed: " << e.what() << std::endl;
    }
  }
}

bool Database::checkIn(Connection& conn, const char* role, std::string* dirty) {
  ConnectionState state = conn.state();
  if (state.clean()) return true;
  *dirty = state.describe();
  std::int64_t n = ++dirty_connections_;
  bool cleaned = conn.makeClean();
  std::cerr << "database: " << role << " connection handed back with " << *dirty << "; "
            << (cleaned ? "reset" : "could not be reset, closed") << " (" << n << " so far)" << std::endl;
  return cleaned;
}

void Database::refuseDirty(const char* role, const std::string& dirty, bool unwinding) const {
  if (dirty.empty() || unwinding || options_.dirty_connections != DirtyConnectionPolicy::fail) return;
  throw Error(errc::internal, std::string("a ") + role + " connection was handed back with " + dirty);
}

void Database::write(const std::function<void(Connection&)>& fn) {
  std::lock_guard<std::mutex> lock(writer_mutex_);
  try {
    Transaction tx(*writer_, Transaction::Mode::immediate);
    fn(*writer_);
    tx.commit();
  } catch (...) {
    std::string dirty;
    checkIn(*writer_, "writer", &dirty);  // the writer stays; a failed reset is retried next time
    throw;
  }
  std::string dirty;
  checkIn(*writer_, "writer", &dirty);
  refuseDirty("writer", dirty, false);
}

void Database::readAutocommit(const std::function<void(Connection&)>& fn) {
  auto conn = borrowReader();
  try {
    fn(*conn);
  } catch (...) {
    returnReader(std::move(conn), true);
    throw;
  }
  returnReader(std::move(conn), false);
}

void Database::read(const std::function<void(Connection&)>& fn) {
  auto conn = borrowReader();
  try {
    Transaction tx(*conn, Transaction::Mode::deferred);
    fn(*conn);
    tx.commit();
  } catch (...) {
    returnReader(std::move(conn), true);
    throw;
  }
  returnReader(std::move(conn), false);
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

void Database::returnReader(std::unique_ptr<Connection> conn, bool unwinding) {
  std::string dirty;
  if (checkIn(*conn, "reader", &dirty)) {
    std::lock_guard<std::mutex> lock(readers_mutex_);
    if (static_cast<int>(idle_readers_.size()) < options_.reader_pool_size) idle_readers_.push_back(std::move(conn));
  }
  refuseDirty("reader", dirty, unwinding);
}

}  // namespace trellis::store
