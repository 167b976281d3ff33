#include "shebao/eval/result.h"

namespace shebao {

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

}  // namespace shebao
