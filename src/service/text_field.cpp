#include "trellis/service/text_field.h"

#include "trellis/core/error.h"
#include "trellis/core/text.h"

namespace trellis::service {

void checkTextField(const std::string& value, const std::string& field, std::size_t max_len, bool required,
                    bool multiline) {
  if (!text::isValidUtf8(value)) throw Error(errc::invalid_utf8, field + " is not valid UTF-8", field);
  if (auto bad = text::firstForbiddenCharacter(value, multiline)) {
    std::string what = bad->invisible ? "an invisible or direction-changing character" : "a control character";
    throw Error(errc::control_character, field + " contains " + what + " (" + text::codePointName(bad->code_point) + ") at character " +
                             std::to_string(bad->index + 1), field);
  }
  if (required && text::trim(value).empty()) throw Error(errc::required, field + " is required", field);
  if (text::length(value) > max_len)
    throw Error(errc::too_long, field + " is longer than " + std::to_string(max_len) + " characters", field);
}

}  // namespace trellis::service
