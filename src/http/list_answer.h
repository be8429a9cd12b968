// What the list routes share (internal to http/): reading their text filters, and their answer —
// one page of items as JSON ({"items": […], "next_cursor": …|null}), or with format=csv|xlsx
// every row the filters select as a download (the ListExports service writes it).
#pragma once
#include <functional>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>

#include "trellis/domain/table.h"
#include "trellis/http/request.h"
#include "trellis/http/table_download.h"

namespace trellis::http {

// null for an empty text (an absent cursor or filter), else the text.
inline nlohmann::json orNull(const std::string& s) { return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s); }
template <class T>
nlohmann::json orNull(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

// Each named query parameter as text into its field ("" when absent): Request::textParam for a
// list of filters at once.
inline void readTextParams(const Request& r, std::initializer_list<std::pair<const char*, std::string*>> fields) {
  for (const auto& [name, field] : fields) *field = r.textParam(name);
}

// A page's JSON: its items, each by itemJson, and its next cursor (null on the last page).
template <class Page, class ItemJson>
nlohmann::json pageJson(const Page& page, ItemJson itemJson) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& item : page.items) items.push_back(itemJson(item));
  return {{"items", std::move(items)}, {"next_cursor", orNull(page.next_cursor)}};
}

// The download a list answers with format=csv|xlsx: its file names and what writes its rows.
struct ListDownload {
  std::string ascii_name;
  std::string zh_name;
  std::function<void(domain::TableSink&)> write;
};

// format=json: the page listPage() returns, as pageJson; csv or xlsx: the download.
template <class ListPage, class ItemJson>
Response listAnswer(TableFormat format, const ListDownload& download, ListPage listPage, ItemJson itemJson) {
  if (format != TableFormat::json) return tableDownload(format, download.ascii_name, download.zh_name, download.write);
  return Response::json(200, pageJson(listPage(), itemJson));
}

}  // namespace trellis::http
