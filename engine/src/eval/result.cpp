#include "shebao/eval/result.h"

#include <algorithm>
#include <memory>

#include "policy/model.h"

namespace shebao {

ResultText ResultText::owned(Text t) {
  ResultText r;
  r.kind_ = Kind::kOwned;
  r.heap_ = std::make_shared<const Text>(std::move(t));
  return r;
}

ResultText ResultText::composed(Compose fn, std::span<const TextArg> args) {
  ResultText r;
  r.kind_ = Kind::kComposed;
  r.compose_ = fn;
  const std::span<TextArg> room = r.make_room(args.size());
  std::copy_n(args.begin(), room.size(), room.begin());
  return r;
}

std::span<TextArg> ResultText::start_templated(const internal::TextTemplate& t, std::size_t nargs) {
  kind_ = Kind::kTemplated;
  tmpl_ = &t;
  return make_room(nargs);
}

std::span<TextArg> ResultText::make_room(std::size_t nargs) {
  heap_.reset();
  nargs_ = static_cast<std::uint8_t>(std::min(nargs, kMaxArgs));
  if (nargs_ <= kInlineArgs) {
    std::construct_at(&inline_);  // the values take the place of the fixed text's views
    return {inline_.data(), nargs_};
  }
  auto more = std::make_shared<TextArg[]>(nargs_);
  TextArg* data = more.get();
  heap_ = std::move(more);
  return {data, nargs_};
}

std::span<const TextArg> ResultText::args() const {
  if (nargs_ <= kInlineArgs) return {inline_.data(), nargs_};
  return {static_cast<const TextArg*>(heap_.get()), nargs_};
}

namespace {
internal::Value to_value(const TextArg& a) {
  if (!a.known()) return internal::Value::unknown();
  if (a.str && a.i == TextArg::kListArg)
    return internal::Value::of_list(reinterpret_cast<const internal::ListData*>(a.str));
  if (a.str) return internal::Value::of_string(std::string_view(a.str, static_cast<std::size_t>(a.i)));
  return internal::Value::of_int(a.i);
}
}  // namespace

std::string DetailValue::text() const {
  if (!type_) return text_;
  if (type_->kind == internal::TypeKind::kMonths) return std::to_string(raw_.i);
  return internal::trace_value(to_value(raw_), *type_);
}

void ResultText::append_to(std::string& out, Lang lang) const {
  switch (kind_) {
    case Kind::kOwned: out += static_cast<const Text*>(heap_.get())->get(lang); return;
    case Kind::kComposed: compose_(out, lang, args()); return;
    case Kind::kFixed: out += fixed_.get(lang); return;
    case Kind::kTemplated: break;
  }
  const std::span<const TextArg> a = args();
  for (const auto& part : lang == Lang::kEn ? tmpl_->en : tmpl_->zh) {
    if (part.arg < 0 || static_cast<std::size_t>(part.arg) >= a.size()) {
      out += part.literal;
      continue;
    }
    out += internal::format_value(to_value(a[static_cast<std::size_t>(part.arg)]), part.expr.type, lang);
  }
}

std::string ResultText::get(Lang lang) const {
  std::string out;
  append_to(out, lang);
  return out;
}

bool ResultText::empty() const {
  switch (kind_) {
    case Kind::kOwned: {
      const Text& t = *static_cast<const Text*>(heap_.get());
      return t.zh.empty() && t.en.empty();
    }
    case Kind::kComposed: return false;
    case Kind::kFixed: return fixed_.zh.empty() && fixed_.en.empty();
    case Kind::kTemplated: return tmpl_->zh.empty() && tmpl_->en.empty();
  }
  return true;
}

bool operator==(const ResultText& a, const ResultText& b) {
  using Kind = ResultText::Kind;
  if (a.kind_ == b.kind_) {
    if ((a.kind_ == Kind::kTemplated && a.tmpl_ == b.tmpl_) ||
        (a.kind_ == Kind::kComposed && a.compose_ == b.compose_)) {
      const auto x = a.args(), y = b.args();
      return std::equal(x.begin(), x.end(), y.begin(), y.end());
    }
    if (a.kind_ == Kind::kFixed) return a.fixed_ == b.fixed_;
  }
  return a.get(Lang::kZh) == b.get(Lang::kZh) && a.get(Lang::kEn) == b.get(Lang::kEn);
}

// Defended duplicate: the four functions below, kind_name (expr/types.cpp), place_of
// (region_notes.cpp) and the spreadsheet's words (adapters/batch) are switches of the same shape,
// one per enum and wording; the compiler checks that each names every value.
std::string_view status_id(Status s) {
  switch (s) {
    case Status::kMandatory: return "mandatory";
    case Status::kEligible: return "eligible";
    case Status::kEnrolled: return "enrolled";
    case Status::kPlatformCovered: return "platform_covered";
    case Status::kRecommended: return "recommended";
    case Status::kNotEligible: return "not_eligible";
    case Status::kNotAvailable: return "not_available";
  }
  return "not_available";
}

std::string_view channel_id(Channel c) {
  switch (c) {
    case Channel::kEmployer: return "employer";
    case Channel::kFlexible: return "flexible";
    case Channel::kIndividual: return "individual";
    case Channel::kPlatform: return "platform";
    case Channel::kDispatchAgency: return "dispatch_agency";
  }
  return "employer";
}

Text status_label(Status s) {
  switch (s) {
    case Status::kMandatory: return {"应当参保", "must be enrolled"};
    case Status::kEligible: return {"可以参保", "eligible"};
    case Status::kEnrolled: return {"已参保", "already enrolled"};
    case Status::kPlatformCovered: return {"由平台参保", "covered by the platform"};
    case Status::kRecommended: return {"建议参保", "recommended"};
    case Status::kNotEligible: return {"不符合条件", "not eligible"};
    case Status::kNotAvailable: return {"暂不适用", "not available"};
  }
  return {};
}

Text channel_label(Channel c) {
  switch (c) {
    case Channel::kEmployer: return {"由用人单位办理", "through the employer"};
    case Channel::kFlexible: return {"以灵活就业人员身份个人参保", "as a flexible employee, on one's own"};
    case Channel::kIndividual: return {"个人办理", "individually"};
    case Channel::kPlatform: return {"由平台企业办理", "through the platform"};
    case Channel::kDispatchAgency: return {"由劳务派遣单位办理", "through the dispatch agency"};
  }
  return {};
}

// The assumptions of the pension estimate, said with it (issue 19: "printed with the estimate").
constexpr EstimateNote kEstimateNotes[] = {
    {"todays_money", "按今天的钱算：工资增长按0计，个人账户按同样的比例记账、不计利息。",
     "In today's money: wage growth 0, the account credited at the same rate, no interest."},
    {"same_base_every_month", "已交和以后要交的每个月都按这一档缴费基数计算，一直交到法定退休年龄。",
     "Every month, paid and to come, at this base, paying until the statutory retirement age."},
    {"not_included", "过渡性养老金和地方补贴没有估算在内；实际金额以退休时经办机构核定为准。",
     "Transitional pension and local supplements are not included; the office sets the real amount at retirement."},
};

std::span<const EstimateNote> estimate_notes() { return kEstimateNotes; }

}  // namespace shebao
