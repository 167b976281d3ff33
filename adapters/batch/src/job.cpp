#include "job.h"

#include "profile_line.h"
#include "shebao/core/hash.h"
#include "shebao/eval/evaluator.h"
#include "shebao/json/result_json.h"
#include "shebao/service/service.h"
#include "shebao/store/csv_profile.h"

namespace shebao::batch::detail {

namespace {

ProfileInput read_item(const RowJob& j, const PolicySet& set, InItem& in, std::optional<Date> as_of) {
  if (j.csv)
    return read_profile_doc(set, store::csv_row_to_doc(j.columns, in.cells, static_cast<std::uint32_t>(in.line)),
                            as_of, j.today);
  return read_json_line(set, in.text, as_of, j.today, j.fast_json);
}

std::string describe(const std::vector<FieldError>& errors, Lang lang) {
  const FieldError& e = errors.front();
  std::string s = where_and_message(e, lang);
  if (errors.size() > 1) s += " (+" + std::to_string(errors.size() - 1) + ")";
  return s;
}

}  // namespace

OutItem RowJob::run(InItem& in) const {
  OutItem o;
  o.line = in.line;
  ProfileInput pin;
  std::vector<std::string> extras;
  if (layout && csv && !in.error) extras = extras_of_cells(*layout, in.cells);
  try {
    if (in.error) {
      pin.errors.push_back(*in.error);
    } else {
      pin = read_item(*this, *set, in, as_of);
    }
    if (pin.profile) {
      if (layout && !csv) extras = extras_of_doc(*layout, pin.profile->extra());
      EvalResult r = evaluate(*set, *pin.profile);
      if (output == JobOutput::kJson || audit) o.json = result_to_json(r, JsonOptions{lang, false, false});
      if (output == JobOutput::kSummary) append_summary_row(o.row, *layout, o.line, extras, r);
      if (output == JobOutput::kCompare) {
        ProfileInput before = old_as_of ? read_item(*this, *old_set, in, old_as_of) : ProfileInput{};
        const Profile& p = old_as_of ? (before.profile ? *before.profile : *pin.profile) : *pin.profile;
        if (old_as_of && !before.profile) {
          pin.profile.reset();
          pin.errors = before.errors;
          for (auto& e : pin.errors) {
            e.message = "on " + old_as_of->to_string() + ": " + e.message;
            e.message_zh = old_as_of->to_string() + " 时：" + e.message_zh;
          }
        } else {
          EvalResult old_r = evaluate(*old_set, p);
          append_compare_rows(o.row, *layout, o.line, extras, old_r, r);
        }
      }
      if (pin.profile) {
        o.ok = true;
        o.as_of = pin.profile->as_of().to_string();
      }
    }
  } catch (const std::exception& e) {
    pin.profile.reset();
    pin.errors = {FieldError{"", "internal", std::string("internal error: ") + e.what(),
                             std::string("内部错误：") + e.what()}};
    o.row.clear();
    o.ok = false;
  }
  if (!o.ok) {
    if (pin.errors.empty()) pin.errors.push_back({"", "internal", "no answer", "没有结果"});
    o.json = errors_to_json(pin.errors, lang);
    o.first_error = describe(pin.errors, lang);
    o.as_of = (as_of ? *as_of : today).to_string();
    if (layout) {
      o.row.clear();
      if (!csv && !in.error) extras = extras_of_json(*layout, in.text);
      extras.resize(layout->extra_paths.size());
      append_error_row(o.row, *layout, o.line, extras, o.first_error);
    }
  }
  if (audit) {
    if (csv) {
      std::string text = header_line + "\n" + in.text;
      o.profile_sha256 = sha256_hex(text);
      if (audit_full) o.profile = std::move(text);
    } else {
      o.profile_sha256 = sha256_hex(in.text);
      if (audit_full) o.profile = std::move(in.text);
    }
  }
  return o;
}

}  // namespace shebao::batch::detail
