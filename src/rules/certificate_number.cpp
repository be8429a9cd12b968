#include "trellis/rules/certificate_number.h"

#include <cctype>

#include "trellis/core/error.h"

namespace trellis::rules {
namespace {

bool allDigits(std::string_view s) {
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return !s.empty();
}

}  // namespace

std::optional<HnteCertificate> parseHnteCertificate(std::string_view number, const HnteCertificateRule& rule) {
  const std::size_t prefix = rule.prefix.size();
  const std::size_t y = static_cast<std::size_t>(rule.year_digits);
  const std::size_t p = static_cast<std::size_t>(rule.province_digits);
  const std::size_t s = static_cast<std::size_t>(rule.serial_digits);
  if (number.size() != prefix + y + p + s || number.substr(0, prefix) != rule.prefix) return std::nullopt;
  std::string_view digits = number.substr(prefix);
  if (!allDigits(digits)) return std::nullopt;
  HnteCertificate cert;
  cert.year = std::stoi(std::string(digits.substr(0, y)));
  cert.province = std::string(digits.substr(y, p));
  cert.serial = std::string(digits.substr(y + p));
  if (cert.year < rule.min_year) return std::nullopt;
  return cert;
}

bool isValidRegistrationNumber(std::string_view number, const RegistrationNumberRule& rule) {
  if (number.empty() || number.size() > static_cast<std::size_t>(rule.max_length)) return false;
  for (char c : number)
    if (!std::isalnum(static_cast<unsigned char>(c))) return false;
  return true;
}

void checkDesignation(const Ladder& ladder, const domain::Designation& d) {
  const StageDef& stage = ladder.stage(d.stage);
  const LadderConfig& config = ladder.config();
  if (stage.evaluator == "hnte") {
    auto cert = parseHnteCertificate(d.number, config.hnte_certificate);
    if (!cert)
      throw Error(errc::hnte_certificate_format, "高新技术企业证书编号应为" + config.hnte_certificate.prefix + "+4位年份+2位省份代码+6位序号，如" +
                               config.hnte_certificate.prefix + "202141000123：\"" + d.number + "\"", "number");
    int issued = d.starts_on.year();
    if (cert->year > issued || cert->year < issued - config.hnte_certificate.max_issue_lag_years)
      throw Error(errc::hnte_certificate_year, "证书编号年份" + std::to_string(cert->year) + "与发证日期" + d.starts_on.toString() + "不符", "number");
  } else if (stage.evaluator == "tech_sme") {
    if (!isValidRegistrationNumber(d.number, config.tech_sme_registration))
      throw Error(errc::registration_number_format, "科技型中小企业入库登记编号须为非空的字母或数字（不超过" +
                               std::to_string(config.tech_sme_registration.max_length) + "位）", "number");
  }
  if (d.revoked_on && *d.revoked_on < d.starts_on)
    throw Error(errc::revoked_before_start, "撤销日期早于认定日期", "revoked_on");
}

}  // namespace trellis::rules
