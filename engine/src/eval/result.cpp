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

constexpr EstimateNote kResidentNotes[] = {
    {"resident_lowest_grade",
     "城乡居民养老保险一项：每年都按户籍地现在的最低缴费档次和它的政府补贴计算，一直交到60周岁，不计利息；已交的职工养老保险年限按城乡养老保险衔接办法并入计算（人社部发〔2014〕17号第六条），并入的职工个人账户按同样的档次计，实际会多一些。",
     "The resident pension: every year at the lowest grade of the hukou place today with its "
     "government subsidy, paid until 60, no interest; employee years already paid are merged in as "
     "the linking rules allow (人社部发〔2014〕17号 第六条), their account counted at the same grade, "
     "so the real account would be larger."},
    {"resident_extra_basic_not_included",
     "缴费超过15年的，每多交一年还会加发一些基础养老金，这部分的标准没有查到，没有算在内。",
     "Each year paid beyond 15 adds some basic pension; that amount was not found and is not included."},
};

std::span<const EstimateNote> resident_estimate_notes() { return kResidentNotes; }

EstimateNote resident_past_not_counted_note() {
  return {"resident_past_not_counted",
          "已交的城乡居民养老保险年限没有计入这一项（在参保记录里按时段填写的才计入），实际会多一些。",
          "Resident-pension years already paid are not counted here (only periods given in the history "
          "are), so the real figure would be higher."};
}

EstimateNote resident_withheld_note(ResidentEstimateInfo::Withheld why) {
  using W = ResidentEstimateInfo::Withheld;
  switch (why) {
    case W::kNone: break;
    case W::kNoBasicPension:
      return {"no_local_parameters",
              "户籍地的城乡居民基础养老金标准没有查到，这一项的金额不估算，请向户籍地社保经办机构咨询。",
              "The basic resident pension of the hukou place was not found, so this option is not "
              "estimated; ask the social-insurance office there."};
    case W::kNoGrade:
      return {"no_local_parameters",
              "户籍地的城乡居民养老保险缴费档次或补贴标准没有查到，这一项的金额不估算，请向户籍地社保经办机构咨询。",
              "The resident-pension grades or subsidies of the hukou place were not found, so this option "
              "is not estimated; ask the social-insurance office there."};
    case W::kShortOfYears:
      return {"short_of_years",
              "从现在起每年都交，到60周岁也不满15年，不能按月领取；不满15年的怎样办理，请向户籍地社保经办机构咨询。",
              "Paying every year from now still gives fewer than 15 years at 60, so it would not be paid "
              "monthly; ask the social-insurance office of your hukou place what can be done."};
    case W::kShortFromNow:
      return {"short_of_years",
              "从现在起每年都交，到60周岁不满15年；已交的城乡居民养老保险年限这里没有计入，合计满15年才能按月领取，请向户籍地社保经办机构核对。",
              "Paying every year from now gives fewer than 15 years at 60; the resident years already paid "
              "are not counted here, and 15 years in all are needed to draw it monthly: check with the "
              "social-insurance office of your hukou place."};
    case W::kEmployeeRecord:
      return {"employee_record",
              "您已交的职工养老保险已满15年，退休时按职工养老保险领取，改交城乡居民养老保险的年限不计入，这一项不适用。",
              "Your employee-pension record already has 15 years, so you would draw the employee pension; "
              "years in the resident pension would not count, so this option does not apply."};
  }
  return {};
}

EstimateNote one_off_payment_note() {
  return {"one_off_payment",
          "到法定退休年龄不满最低缴费年限的，除了延长缴费，也可以按规定一次性缴费补足；一次性缴费的金额由当地社保经办机构核定，这里不估算。",
          "Short of the minimum years at the statutory age, besides paying on you may pay the missing "
          "years in one lump sum (一次性缴费) as the rules allow; the local office sets that amount, so "
          "it is not estimated here."};
}

Citations one_off_payment_citations() {
  static const Citation kCite[] = {{"国务院关于渐进式延迟法定退休年龄的办法", "第二条"}};
  return kCite;
}

}  // namespace shebao
