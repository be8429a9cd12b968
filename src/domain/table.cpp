#include "trellis/domain/table.h"

namespace trellis::domain {

void Table::writeTo(TableSink& sink) const {
  sink.beginSheet(name, columns);
  for (const auto& r : rows) sink.row(r);
}

}  // namespace trellis::domain
