// Reads config/graph.json into a domain::GraphConfig (issue 10).
//
// Design note — what the loader refuses (Error invalid, code "graph_config", field = the JSON
// path at fault, message "<source>: <path>: <why>"):
//   GC1 missing or mistyped key       e.g. node_kinds.platform.levels
//   GC2 unknown node kind             a node_kinds key or a joins entry names no NodeKind
//   GC3 missing node kind             every NodeKind must be declared once
//   GC4 duplicate value               a repeated sub-kind, level, status, programme, link kind
//   GC5 dangling reference            valid_statuses not among statuses; an analytics kind list
//                                     naming an unknown kind; rd_institution_sub_kinds not a
//                                     platform sub-kind; programmes not a project programme
//   GC6 limit out of range            e.g. max_depth outside 1..3, max_neighbourhood_nodes < 1,
//                                     pagerank_damping outside (0, 1)
#pragma once
#include <string>

#include "trellis/domain/graph_config.h"

namespace trellis::io {

domain::GraphConfig parseGraphConfig(const std::string& json_text, const std::string& source);
// Reads the file; Error invalid "config_missing" when unreadable.
domain::GraphConfig loadGraphConfig(const std::string& path);

}  // namespace trellis::io
