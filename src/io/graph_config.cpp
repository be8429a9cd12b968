#include "trellis/io/graph_config.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "trellis/core/error.h"

namespace trellis::io {
namespace {

using domain::NodeKind;
using nlohmann::json;

// A JSON node with its path, so every complaint names where it is (GC1).
class At {
 public:
  At(const json& node, std::string path, const std::string& source) : node_(node), path_(std::move(path)), source_(source) {}

  [[noreturn]] void fail(const std::string& why) const {
    throw Error(errc::graph_config, source_ + ": " + path_ + ": " + why, path_);
  }
  const json& node() const { return node_; }
  const std::string& path() const { return path_; }
  bool has(const char* key) const { return node_.is_object() && node_.contains(key); }

  At child(const char* key) const {
    if (!node_.is_object()) fail("must be an object");
    if (!node_.contains(key)) At(node_, sub(key), source_).fail("missing");
    return At(node_.at(key), sub(key), source_);
  }
  std::vector<At> items() const {
    if (!node_.is_array()) fail("must be an array");
    std::vector<At> out;
    for (std::size_t i = 0; i < node_.size(); ++i) out.emplace_back(node_.at(i), path_ + "[" + std::to_string(i) + "]", source_);
    return out;
  }
  std::string text() const {
    if (!node_.is_string() || node_.get<std::string>().empty()) fail("must be a non-empty string");
    return node_.get<std::string>();
  }
  // GC4: an array of distinct non-empty strings; missing → empty when optional.
  std::vector<std::string> strings(const char* key, bool required) const {
    std::vector<std::string> out;
    if (!has(key)) {
      if (required) child(key);
      return out;
    }
    for (const At& item : child(key).items()) {
      std::string s = item.text();
      if (std::find(out.begin(), out.end(), s) != out.end()) item.fail("duplicate value \"" + s + "\"");
      out.push_back(s);
    }
    return out;
  }
  std::int64_t integer(const char* key, std::int64_t min, std::int64_t max, std::int64_t fallback) const {
    if (!has(key)) return fallback;
    At v = child(key);
    if (!v.node_.is_number_integer()) v.fail("must be an integer");
    std::int64_t x = v.node_.get<std::int64_t>();
    if (x < min || x > max) v.fail("must be " + std::to_string(min) + ".." + std::to_string(max));  // GC6
    return x;
  }
  double number(const char* key, double min_exclusive, double max_exclusive, double fallback) const {
    if (!has(key)) return fallback;
    At v = child(key);
    if (!v.node_.is_number()) v.fail("must be a number");
    double x = v.node_.get<double>();
    if (!(x > min_exclusive && x < max_exclusive)) v.fail("out of range");  // GC6
    return x;
  }

 private:
  std::string sub(const char* key) const { return path_.empty() ? std::string(key) : path_ + "." + key; }
  const json& node_;
  std::string path_;
  const std::string& source_;
};

NodeKind kindOf(const At& at) {
  std::string name = at.text();
  auto k = domain::parseNodeKind(name);
  if (!k) at.fail("unknown node kind \"" + name + "\"");  // GC2
  return *k;
}

std::vector<NodeKind> kindList(const At& parent, const char* key) {
  std::vector<NodeKind> out;
  if (!parent.has(key)) return out;
  for (const At& item : parent.child(key).items()) {
    NodeKind k = kindOf(item);
    if (std::find(out.begin(), out.end(), k) != out.end()) item.fail("duplicate node kind");
    out.push_back(k);
  }
  return out;
}

domain::NodeKindDef readNodeKind(const At& d, NodeKind kind) {
  domain::NodeKindDef def;
  def.kind = kind;
  def.name_zh = d.child("name_zh").text();
  bool platform = kind == NodeKind::platform, institution = kind == NodeKind::institution;
  bool team = kind == NodeKind::talent_team, project = kind == NodeKind::project;
  def.sub_kinds = d.strings("sub_kinds", platform || institution);
  def.levels = d.strings("levels", platform);
  def.build_modes = d.strings("build_modes", platform);
  def.statuses = d.strings("statuses", platform || team || project);
  def.valid_statuses = d.strings("valid_statuses", platform || team || project);
  if (d.has("valid_statuses"))
    for (std::size_t i = 0; i < def.valid_statuses.size(); ++i)
      if (std::find(def.statuses.begin(), def.statuses.end(), def.valid_statuses[i]) == def.statuses.end())
        d.child("valid_statuses").items()[i].fail("\"" + def.valid_statuses[i] + "\" is not among statuses");  // GC5
  if (team || project || d.has("programmes")) {
    std::set<std::string> seen;
    for (const At& p : d.child("programmes").items()) {
      domain::ProgrammeDef prog;
      prog.code = p.child("code").text();
      if (!seen.insert(prog.code).second) p.fail("duplicate programme \"" + prog.code + "\"");
      prog.tiers = p.strings("tiers", false);
      def.programmes.push_back(prog);
    }
  }
  return def;
}

domain::LinkKindDef readLinkKind(const At& l) {
  domain::LinkKindDef def;
  def.code = l.child("code").text();
  def.name_zh = l.child("name_zh").text();
  At joins = l.child("joins");
  if (joins.items().empty()) joins.fail("must name at least one [from, to] pair");
  for (const At& pair : joins.items()) {
    if (!pair.node().is_array() || pair.node().size() != 2) pair.fail("must be a [from kind, to kind] pair");
    auto ends = pair.items();
    auto p = std::make_pair(kindOf(ends[0]), kindOf(ends[1]));
    if (std::find(def.joins.begin(), def.joins.end(), p) != def.joins.end()) pair.fail("duplicate pair");
    def.joins.push_back(p);
  }
  return def;
}

void requireAmong(const At& parent, const char* key, const std::vector<std::string>& values,
                  const std::vector<std::string>& allowed, const std::string& what) {
  for (std::size_t i = 0; i < values.size(); ++i)
    if (std::find(allowed.begin(), allowed.end(), values[i]) == allowed.end())
      parent.child(key).items()[i].fail("\"" + values[i] + "\" is not " + what);  // GC5
}

domain::GraphConfig readConfig(const At& root, const std::string& source) {
  domain::GraphConfig c;
  c.source = source;
  if (!root.node().is_object()) root.fail("must be a JSON object");
  At kinds = root.child("node_kinds");
  if (!kinds.node().is_object()) kinds.fail("must be an object keyed by node kind");
  for (const auto& [name, body] : kinds.node().items()) {
    At d(body, kinds.path() + "." + name, source);
    auto k = domain::parseNodeKind(name);
    if (!k) d.fail("unknown node kind \"" + name + "\"");  // GC2
    if (!body.is_object()) d.fail("must be an object");
    c.node_kinds.push_back(readNodeKind(d, *k));
  }
  for (int i = 0; i < domain::kNodeKindCount; ++i) {
    auto k = static_cast<NodeKind>(i);
    bool found = std::any_of(c.node_kinds.begin(), c.node_kinds.end(), [&](const auto& d) { return d.kind == k; });
    if (!found) kinds.fail(std::string("missing node kind \"") + domain::nodeKindName(k) + "\"");  // GC3
  }

  std::set<std::string> codes;
  for (const At& l : root.child("link_kinds").items()) {
    domain::LinkKindDef def = readLinkKind(l);
    if (!codes.insert(def.code).second) l.child("code").fail("duplicate link kind \"" + def.code + "\"");  // GC4
    c.link_kinds.push_back(def);
  }
  if (c.link_kinds.empty()) root.child("link_kinds").fail("must declare at least one link kind");

  if (root.has("limits")) {
    At lim = root.child("limits");
    auto& L = c.limits;
    L.max_depth = static_cast<int>(lim.integer("max_depth", 1, 3, L.max_depth));
    L.max_neighbourhood_nodes = static_cast<int>(lim.integer("max_neighbourhood_nodes", 1, 100000, L.max_neighbourhood_nodes));
    L.max_path_length = static_cast<int>(lim.integer("max_path_length", 1, 100, L.max_path_length));
    L.max_list = static_cast<int>(lim.integer("max_list", 1, 100000, L.max_list));
    L.max_betweenness_sample = static_cast<int>(lim.integer("max_betweenness_sample", 1, 1000000, L.max_betweenness_sample));
    L.default_betweenness_sample =
        static_cast<int>(lim.integer("default_betweenness_sample", 1, L.max_betweenness_sample, L.default_betweenness_sample));
    L.max_export_nodes = static_cast<int>(lim.integer("max_export_nodes", 1, 1000000, L.max_export_nodes));
    L.max_exact_betweenness_nodes =
        static_cast<int>(lim.integer("max_exact_betweenness_nodes", 1, 1000000, L.max_exact_betweenness_nodes));
    L.overlay_fold_threshold = static_cast<int>(lim.integer("overlay_fold_threshold", 1, 1000000, L.overlay_fold_threshold));
  }

  const auto& platform = c.nodeKind(NodeKind::platform);
  std::vector<std::string> project_programmes;
  for (const auto& p : c.nodeKind(NodeKind::project).programmes) project_programmes.push_back(p.code);
  if (root.has("analytics")) {
    At an = root.child("analytics");
    auto& A = c.analytics;
    A.pagerank_damping = an.number("pagerank_damping", 0.0, 1.0, A.pagerank_damping);
    A.pagerank_tolerance = an.number("pagerank_tolerance", 0.0, 1.0, A.pagerank_tolerance);
    A.pagerank_max_iterations = static_cast<int>(an.integer("pagerank_max_iterations", 1, 10000, A.pagerank_max_iterations));
    A.betweenness_seed = static_cast<std::uint64_t>(an.integer("betweenness_seed", 0, INT64_MAX, 20221231));
    A.isolation_kinds = kindList(an, "isolation_kinds");
    A.partner_kinds = kindList(an, "partner_kinds");
    A.rd_institution_sub_kinds = an.strings("rd_institution_sub_kinds", false);
    A.tech_transfer_programmes = an.strings("tech_transfer_programmes", false);
    A.sino_german_programmes = an.strings("sino_german_programmes", false);
    requireAmong(an, "rd_institution_sub_kinds", A.rd_institution_sub_kinds, platform.sub_kinds, "a platform sub-kind");
    requireAmong(an, "tech_transfer_programmes", A.tech_transfer_programmes, project_programmes, "a project programme");
    requireAmong(an, "sino_german_programmes", A.sino_german_programmes, project_programmes, "a project programme");
  }
  if (c.analytics.isolation_kinds.empty())
    c.analytics.isolation_kinds = {NodeKind::platform, NodeKind::talent_team, NodeKind::project};
  if (c.analytics.partner_kinds.empty()) c.analytics.partner_kinds = {NodeKind::platform, NodeKind::institution};
  return c;
}

}  // namespace

domain::GraphConfig parseGraphConfig(const std::string& json_text, const std::string& source) {
  json root;
  try {
    root = json::parse(json_text);
  } catch (const json::parse_error& e) {
    throw Error(errc::graph_config, source + ": " + e.what(), "");
  }
  return readConfig(At(root, "", source), source);
}

domain::GraphConfig loadGraphConfig(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error(errc::config_missing, "cannot read config file " + path, path);
  std::stringstream buf;
  buf << in.rdbuf();
  return parseGraphConfig(buf.str(), path);
}

}  // namespace trellis::io
