// The one error type of Trellis. Every layer throws it with a registered code (errc::, see
// error_codes.h), whose kind http/ maps to a status in one switch and renders at one catch site.
// Kinds follow Abseil's status.h meanings.
#pragma once
#include <stdexcept>
#include <string>

#include "trellis/core/error_codes.h"

namespace trellis {

class Error : public std::runtime_error {
 public:
  // message: English, for logs and API clients (the UI shows code.message_zh); field: the input
  // field at fault, empty when none.
  Error(const ErrorCode& code, std::string message, std::string field = {});

  const ErrorCode& errorCode() const { return *code_; }
  ErrorKind kind() const { return code_->kind; }
  std::string code() const { return std::string(code_->name); }
  bool is(const ErrorCode& code) const { return code_ == &code; }
  const std::string& field() const { return field_; }
  // Extra members merged into the rendered error object, as a JSON object text ("{...}").
  const std::string& detailsJson() const { return details_json_; }
  Error&& withDetails(std::string details_json) &&;

 private:
  const ErrorCode* code_;
  std::string field_;
  std::string details_json_;
};

}  // namespace trellis
