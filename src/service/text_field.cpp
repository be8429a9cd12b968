#include "trellis/service/text_field.h"

#include <algorithm>

#include "trellis/core/error.h"
#include "trellis/core/text.h"

namespace trellis::service {

void checkTextField(const std::string& value, const std::string& field, std::size_t max_len, bool required,
                    bool multiline) {
  if (!text::isValidUtf8(value)) throw Error::invalid(field, "invalid_utf8", field + " is not valid UTF-8");
  std::string plain = value;
  if (multiline) plain.erase(std::remove(plain.begin(), plain.end(), '\n'), plain.end());
  if (text::hasControlCharacter(plain))
    throw Error::invalid(field, "control_character", field + " contains a control character");
  if (required && text::trim(value).empty()) throw Error::invalid(field, "required", field + " is required");
  if (text::length(value) > max_len)
    throw Error::invalid(field, "too_long", field + " is longer than " + std::to_string(max_len) + " characters");
}

}  // namespace trellis::service
