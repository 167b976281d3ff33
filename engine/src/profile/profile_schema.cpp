// The schema table of the worker profile (../shared/contract/PROFILE.md plus the fields we add:
// coverage.medical.break_years, coverage.medical.continuous_years, choices.resident_pension_grade,
// choices.medical_account).
// Labels are the questions of `shebao ask`; help says in plain words what the values mean.
#include <array>
#include <string_view>
#include <vector>

#include "shebao/profile/profile.h"

namespace shebao {
namespace {

using namespace std::string_view_literals;

// Enum value lists: the order is the stored index and must match `enums::` in profile.h.
constexpr std::array kSexValues{"male"sv, "female"sv};
constexpr std::array kHukouKindValues{"urban"sv, "rural"sv};
constexpr std::array kRelationshipValues{"employee"sv,      "part_time"sv,  "platform_managed"sv,
                                         "self_employed"sv, "dispatched"sv, "outsourced"sv};
constexpr std::array kIndustryValues{"ride_hailing"sv,
                                     "food_delivery"sv,
                                     "instant_delivery"sv,
                                     "same_city_freight"sv,
                                     "express_delivery"sv,
                                     "trucking"sv,
                                     "other"sv};
constexpr std::array kSchemeValues{"none"sv, "employee"sv, "resident"sv};
constexpr std::array kInjuryValues{"none"sv, "work_injury"sv, "occupational_injury"sv};
constexpr std::array kMedicalPlaceValues{"hukou"sv, "work"sv};
constexpr std::array kMedicalAccountValues{"with_account"sv, "pooled_only"sv};
constexpr std::array kFemaleOriginalAges{50, 55};

static_assert(kSexValues[enums::kMale] == "male" && kSexValues[enums::kFemale] == "female");
static_assert(kRelationshipValues[enums::kEmployee] == "employee");
static_assert(kRelationshipValues[enums::kPartTime] == "part_time");
static_assert(kRelationshipValues[enums::kPlatformManaged] == "platform_managed");
static_assert(kRelationshipValues[enums::kSelfEmployed] == "self_employed");
static_assert(kRelationshipValues[enums::kDispatched] == "dispatched");
static_assert(kRelationshipValues[enums::kOutsourced] == "outsourced");
static_assert(kSchemeValues[enums::kSchemeNone] == "none");
static_assert(kSchemeValues[enums::kSchemeEmployee] == "employee");
static_assert(kSchemeValues[enums::kSchemeResident] == "resident");

struct Words {
  const char* label_zh;
  const char* label_en;
  const char* help_zh;
  const char* help_en;
};

FieldSpec make(FieldId id, std::string_view path, FieldType type, bool required, Words w,
               std::span<const std::string_view> values = {}, std::span<const int> years = {}) {
  return FieldSpec{id,
                   path,
                   type,
                   required,
                   values,
                   years,
                   Text{w.label_zh, w.label_en},
                   Text{w.help_zh, w.help_en}};
}

std::vector<FieldSpec> build_schema() {
  using F = FieldId;
  using T = FieldType;
  std::vector<FieldSpec> s;
  s.reserve(kFieldCount);

  s.push_back(make(
      F::kAsOf, "as_of", T::kDate, false,
      {"按哪一天的政策来回答？", "Which day should the answer be for?",
       "政策会变，我们按这一天有效的政策来回答。不填就按今天。写法：2026-11-28。",
       "Rules change over time; we answer with the rules in force on this day. Leave it out to "
       "use today. Write it like 2026-11-28."}));

  s.push_back(make(
      F::kBirth, "person.birth", T::kDate, true,
      {"您是哪年哪月出生的？", "When were you born?",
       "用来算您的年龄和退休年龄。写年和月就行，例如 1992-03；知道是哪一天也可以写 1992-03-15。",
       "Used to work out your age and when you can retire. Year and month are enough, e.g. "
       "1992-03; you may add the day, e.g. 1992-03-15."}));

  s.push_back(
      make(F::kSex, "person.sex", T::kEnum, true,
           {"您的性别是？", "Are you a man or a woman?",
            "男女的法定退休年龄不一样。male：男；female：女。",
            "Men and women retire at different ages under the law. male: man; female: woman."},
           kSexValues));

  s.push_back(make(
      F::kFemaleOriginalAge, "person.female_original_retirement_age", T::kYears, false,
      {"按2025年以前的老规定，您原本是多少岁退休？",
       "Under the old rules (before 2025), at what age would you have retired?",
       "只问女性。2025年延迟退休改革以前，女工人50岁退休，女干部（管理、技术岗位）55岁退休。"
       "新规定在这个年龄上往后推。不清楚就不填，按当地对您这类工作的默认规定算。",
       "Women only. Before the 2025 reform, women workers retired at 50 and women in cadre "
       "(management or technical) posts at 55; the new rules add months to that age. If you are "
       "not sure, leave it out and the local default for your kind of work is used."},
      {}, kFemaleOriginalAges));

  s.push_back(
      make(F::kHukouRegion, "person.hukou.region", T::kRegion, true,
           {"您的户口在哪个县（区）？", "In which county or district is your hukou registered?",
            "填户口所在县（区）的六位行政区划代码，例如临沧市临翔区是 \"530902\"。"
            "城乡居民养老保险一般要在户口所在地参加。",
            "The six-digit code of the county or district of your household registration (hukou), "
            "e.g. \"530902\" for Linxiang District, Lincang. Resident pension insurance is usually "
            "joined where your hukou is."}));

  s.push_back(make(
      F::kHukouKind, "person.hukou.kind", T::kEnum, false,
      {"您是城镇户口还是农村户口？", "Is your hukou urban or rural?",
       "urban：城镇户口；rural：农村户口。不清楚可以不填。",
       "urban: a town or city hukou; rural: a village hukou. Leave it out if you are not sure."},
      kHukouKindValues));

  s.push_back(make(
      F::kStudent, "person.student", T::kBool, false,
      {"您现在是全日制在校学生吗？", "Are you a full-time student now?",
       "全日制学生一般跟着学校参加居民医保，不能以灵活就业人员身份参保。不填就当作“不是”。",
       "Full-time students usually get resident medical insurance through their school and cannot "
       "join as flexible workers. If you leave it out we take it as \"no\"."}));

  s.push_back(make(
      F::kWorkRegion, "work.region", T::kRegion, true,
      {"您在哪个县（区）干活？", "In which county or district do you work?",
       "填干活所在县（区）的六位代码，例如昆明市五华区是 \"530102\"。"
       "在外地干活的，能在哪里参保、交多少钱都可能不一样。",
       "The six-digit code of the county or district where you work, e.g. \"530102\" for Wuhua "
       "District, Kunming. If you work away from your hukou, where you can join and how much you "
       "pay may differ."}));

  s.push_back(make(
      F::kRelationship, "work.relationship", T::kEnum, true,
      {"您与平台（或合作企业）是什么用工关系？",
       "What is your working relationship with the platform (or its partner firm)?",
       "employee：和平台或合作企业签了劳动合同，由单位给您交社保；"
       "part_time：非全日制用工，一般每天干活不超过4小时、每周不超过24小时；"
       "platform_managed：没签劳动合同，但平台给您排班、定规矩、管考勤（比如专送骑手）；"
       "self_"
       "employed：自己决定接不接单、什么时候干，按民事关系处理（比如众包骑手、自主接单的司机）；"
       "dispatched：和劳务派遣公司签合同，被派到平台或企业干活；"
       "outsourced：和平台的外包或合作公司签了劳动合同。",
       "employee: you signed a labour contract with the platform or a partner firm, and the "
       "employer pays your social insurance; "
       "part_time: part-time work, usually at most 4 hours a day and 24 hours a week; "
       "platform_managed: no labour contract, but the platform sets your shifts, rules and "
       "attendance (e.g. dedicated riders); "
       "self_employed: you decide yourself whether and when to take orders, a civil-law "
       "relationship (e.g. crowd-sourced riders, drivers taking orders freely); "
       "dispatched: you signed with a labour dispatch agency that sends you to the platform or a "
       "firm; "
       "outsourced: you signed a labour contract with an outsourcing or partner firm of the "
       "platform."},
      kRelationshipValues));

  s.push_back(make(
      F::kIndustry, "work.industry", T::kEnum, false,
      {"您干的是哪一行？", "What kind of work do you do?",
       "ride_hailing：网约车司机；food_delivery：外卖骑手；instant_delivery：即时配送、跑腿；"
       "same_city_freight：同城货运；express_delivery：快递员；trucking：货车司机（长途运输）；"
       "other：其他。职业伤害保障只覆盖部分行业。",
       "ride_hailing: ride-hailing driver; food_delivery: food-delivery rider; instant_delivery: "
       "instant delivery and errands; same_city_freight: same-city freight; express_delivery: "
       "parcel courier; trucking: truck driver (long distance); other: anything else. "
       "Occupational-injury protection covers only some trades."},
      kIndustryValues));

  s.push_back(make(
      F::kPlatform, "work.platform", T::kString, false,
      {"您主要在哪个平台接单？", "Which platform do you mainly take orders from?",
       "填平台的小写英文代号：caocao（曹操出行）、didi（滴滴出行）、meituan（美团）、"
       "eleme（饿了么/淘宝闪购）、dada（达达/京东秒送）、shansong（闪送）、"
       "sf_intra_city（顺丰同城）、huolala（货拉拉）、kuaigou（快狗打车）、"
       "didi_freight（滴滴货运）、manbang（满帮省省）。有些平台给骑手、司机上了职业伤害保障。"
       "不清楚可以不填。",
       "The platform's lower-case id: caocao, didi, meituan, eleme, dada, shansong, "
       "sf_intra_city, huolala, kuaigou, didi_freight, manbang; other ids are allowed. Some "
       "platforms provide occupational-injury protection. Leave it out if you are not sure."}));

  s.push_back(
      make(F::kMonthlyIncome, "work.monthly_income", T::kMoney, false,
           {"您一个月大概挣多少钱（元）？", "About how much do you earn a month (yuan)?",
            "税前收入，单位元，例如 5200。用来估算要交多少钱；不填也能判断能参加哪些保险。",
            "Your income before tax, in yuan, e.g. 5200. Used to estimate how much you would pay; "
            "without it we can still tell which schemes you can join."}));

  s.push_back(make(
      F::kPensionScheme, "coverage.pension.scheme", T::kEnum, false,
      {"您现在交的是哪种养老保险？", "Which pension insurance are you paying into now?",
       "none：没有交；employee：职工养老保险（单位给交，或者以灵活就业身份自己交）；"
       "resident：城乡居民养老保险（一般在户口所在地按年交）。不填就当作没有。",
       "none: you are not paying; employee: employee pension insurance (paid by an employer, or "
       "by yourself as a flexible worker); resident: resident pension insurance (usually paid "
       "once a year where your hukou is). If you leave it out we take it as none."},
      kSchemeValues));

  s.push_back(
      make(F::kPensionRegion, "coverage.pension.region", T::kRegion, false,
           {"您的养老保险关系在哪个县（区）？",
            "In which county or district is your pension record held?",
            "现在养老保险关系所在县（区）的六位代码。换地方干活时，要看关系能不能转过去。",
            "The six-digit code of the county or district where your pension record is now. It "
            "matters for moving your record when you change place."}));

  s.push_back(make(
      F::kPensionMonthsPaid, "coverage.pension.months_paid", T::kMonths, false,
      {"养老保险一共交了多少个月？",
       "How many months of pension contributions have you paid in total?",
       "所有地方加起来一共交了多少个月，例如交了3年就填36，没交过填0。"
       "职工养老保险要交够15年（以后逐步到20年）退休后才能按月领钱。",
       "All months paid so far, in every place together: 3 years is 36, never paid is 0. "
       "Employee pension needs 15 years (rising to 20) before you can draw a monthly pension."}));

  s.push_back(make(F::kPensionReceiving, "coverage.pension.receiving", T::kBool, false,
                   {"您已经在按月领养老金了吗？", "Are you already drawing a pension?",
                    "已经在领养老金的，不用再交养老保险。",
                    "If you already draw a pension, you do not pay pension insurance any more."}));

  s.push_back(make(
      F::kMedicalScheme, "coverage.medical.scheme", T::kEnum, false,
      {"您现在参加的是哪种医疗保险？", "Which medical insurance do you have now?",
       "none：没有；employee：职工医保（单位给交，或者以灵活就业身份自己交）；"
       "resident：城乡居民医保（按年交）。不填就当作没有。",
       "none: you have none; employee: employee medical insurance (paid by an employer, or by "
       "yourself as a flexible worker); resident: resident medical insurance (paid once a year). "
       "If you leave it out we take it as none."},
      kSchemeValues));

  s.push_back(
      make(F::kMedicalRegion, "coverage.medical.region", T::kRegion, false,
           {"您的医保关系在哪个县（区）？",
            "In which county or district is your medical insurance held?",
            "现在医保关系所在县（区）的六位代码。",
            "The six-digit code of the county or district where your medical insurance is now."}));

  s.push_back(make(
      F::kMedicalMonthsPaid, "coverage.medical.months_paid", T::kMonths, false,
      {"医疗保险一共交了多少个月？", "How many months of medical insurance have you paid in total?",
       "所有地方加起来一共交了多少个月，例如交了5年就填60，没交过填0。"
       "职工医保要交够一定年限，退休后才能不再交费、享受退休人员待遇。",
       "All months paid so far, in every place together: 5 years is 60, never paid is 0. "
       "Employee medical insurance needs a minimum number of years before you can stop paying "
       "at retirement and keep your benefits."}));

  s.push_back(make(
      F::kMedicalRetireeBenefits, "coverage.medical.retiree_benefits", T::kBool, false,
      {"您已经在享受职工医保的退休人员待遇了吗？",
       "Do you already have the retiree benefits of employee medical insurance?",
       "已经退休、职工医保交够年限、不用再交费的，选 true。",
       "Choose true if you have retired with enough years of employee medical insurance and no "
       "longer pay for it."}));

  s.push_back(make(
      F::kMedicalBreakYears, "coverage.medical.break_years", T::kYearCount, false,
      {"这次参加医保之前，您有几年没有参加基本医疗保险？",
       "Before joining medical insurance now, how many years were you without basic medical "
       "insurance?",
       "按整年算，一直没断过填0。按国办发〔2024〕38号，断保后再参加居民医保，要先等3个月才能报销，"
       "每多断1年再多等1个月。",
       "Whole years; 0 if you never had a break. Under Guobanfa [2024] No. 38, after a break you "
       "wait 3 months before resident medical insurance pays, plus 1 more month for each year of "
       "break."}));

  s.push_back(
      make(F::kMedicalContinuousYears, "coverage.medical.continuous_years", T::kYearCount, false,
           {"您已经连续参加居民医保多少年了？",
            "For how many years in a row have you had resident medical insurance?",
            "按整年算。按国办发〔2024〕38号，连续参保满4年以后，每多连续参保1年，大病保险的最高报销"
            "额会提高。",
            "Whole years. Under Guobanfa [2024] No. 38, after 4 years in a row, each further year "
            "raises the most that serious-illness insurance will pay."}));

  s.push_back(make(
      F::kInjury, "coverage.injury", T::kEnum, false,
      {"干活时受了伤，有没有保障？", "Are you covered if you get hurt while working?",
       "none：没有；work_injury：单位给您交了工伤保险；"
       "occupational_injury：平台给您上了新就业形态人员职业伤害保障。不填就当作没有。",
       "none: no cover; work_injury: an employer pays work-injury insurance for you; "
       "occupational_injury: the platform has enrolled you in occupational-injury protection for "
       "new forms of employment. If you leave it out we take it as none."},
      kInjuryValues));

  s.push_back(make(
      F::kPensionBaseRatio, "choices.pension_base_ratio", T::kDecimal, false,
      {"如果自己交职工养老保险，想按哪一档缴费基数交？",
       "If you pay employee pension insurance yourself, which contribution base do you want?",
       "灵活就业人员自己交职工养老保险时，可以在全省平均工资的60%到300%之间选一个基数，"
       "写成比例：0.6 就是60%，1 就是100%。选得越高，每月交得越多，以后领得也越多。",
       "As a flexible worker paying employee pension yourself, you choose a base between 60% and "
       "300% of the provincial average wage, written as a ratio: 0.6 is 60%, 1 is 100%. A higher "
       "base costs more each month and pays a bigger pension later."}));

  s.push_back(make(
      F::kMedicalPlace, "choices.medical_place", T::kEnum, false,
      {"您想在哪里参加医疗保险？", "Where do you want to join medical insurance?",
       "hukou：在户口所在地参保；work：在干活的地方参保。很多地方已经允许灵活就业人员在干活的地方参"
       "保。",
       "hukou: where your hukou is; work: where you work. Many places now let flexible workers "
       "join where they work."},
      kMedicalPlaceValues));

  s.push_back(make(
      F::kResidentPensionGrade, "choices.resident_pension_grade", T::kMoney, false,
      {"如果交城乡居民养老保险，打算每年交多少钱（元）？",
       "If you pay resident pension insurance, how much do you want to pay a year (yuan)?",
       "城乡居民养老保险按年交，当地定了几个档次（比如每年200元、300元……），选哪一档就填多少元。"
       "交得越多，政府补贴越多，以后领得也越多。",
       "Resident pension insurance is paid once a year in grades set locally (e.g. 200, 300 yuan "
       "a year ...); give the yearly amount of the grade you choose. Paying more brings a bigger "
       "government subsidy and a bigger pension later."}));

  s.push_back(make(
      F::kMedicalAccount, "choices.medical_account", T::kEnum, false,
      {"如果以灵活就业人员身份参加职工医保，选哪种缴费方式？",
       "If you join employee medical insurance as a flexible worker, which way of paying?",
       "有的地方（例如昆明）有两种：with_account：统账结合，费率较高，有个人账户；"
       "pooled_only：单建统筹，费率较低，只进统筹基金、没有个人账户。不选就按统账结合估算。",
       "Some places (Kunming, for one) offer two: with_account: a higher rate with a personal "
       "account; pooled_only: a lower rate, pooled fund only, no personal account. If you do not "
       "choose, the estimate uses with_account."},
      kMedicalAccountValues));

  return s;
}

const std::vector<FieldSpec>& schema() {
  static const std::vector<FieldSpec> table = build_schema();
  return table;
}

}  // namespace

std::span<const FieldSpec> profile_schema() { return schema(); }

const FieldSpec& field_spec(FieldId id) {
  const auto& t = schema();
  const auto i = static_cast<std::size_t>(id);
  return i < t.size() ? t[i] : t.front();
}

const FieldSpec* find_field(std::string_view path) {
  for (const auto& f : schema())
    if (f.path == path) return &f;
  return nullptr;
}

int enum_index(FieldId id, std::string_view value) {
  const auto& values = field_spec(id).enum_values;
  for (std::size_t i = 0; i < values.size(); ++i)
    if (values[i] == value) return static_cast<int>(i);
  return -1;
}

}  // namespace shebao
