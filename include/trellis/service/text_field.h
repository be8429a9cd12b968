// The one check of free-text input fields shared by the use cases: valid UTF-8, no control
// characters (line feeds allowed where multiline), no invisible or direction-changing characters
// (text::firstForbiddenCharacter), required, and a length in code points.
#pragma once
#include <cstddef>
#include <string>

namespace trellis::service {

// Throws Error invalid naming `field`: invalid_utf8, control_character, required or too_long.
void checkTextField(const std::string& value, const std::string& field, std::size_t max_len, bool required,
                    bool multiline = false);

}  // namespace trellis::service
