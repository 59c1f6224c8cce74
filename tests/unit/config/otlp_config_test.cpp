#include "config/otlp_config.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <map>

#include "otlp_env_support.h"

namespace kotel::config {
namespace {

using std::chrono::milliseconds;
using namespace testing;  // load, Env and the short names

std::string write_temp_file(const std::string& name) {
  std::string path = ::testing::TempDir() + "/kotel_otlp_" + name;
  FILE* f = std::fopen(path.c_str(), "w");
  EXPECT_NE(f, nullptr) << path;
  if (f) {
    std::fputs("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n", f);
    std::fclose(f);
  }
  return path;
}

// --- Errors: each names the variable first and says what is wrong. ---

struct ErrorCase {
  const char* name;
  Env env;
  const char* variable;
  const char* message;
};

class Errors : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(Errors, NameTheVariableAndTheProblem) {
  const ErrorCase& c = GetParam();
  auto r = load(c.env);
  ASSERT_FALSE(r.ok());
  std::string var = c.variable;
  EXPECT_TRUE(r.error().rfind(var + ":", 0) == 0 || r.error().rfind(var + " ", 0) == 0) << r.error();
  EXPECT_NE(r.error().find(c.message), std::string::npos) << r.error();
}

const char* const kProto = "OTEL_EXPORTER_OTLP_PROTOCOL";
const char* const kHdr = "OTEL_EXPORTER_OTLP_HEADERS";

// One case per row (clang-format would put each field on its own line).
// clang-format off
INSTANTIATE_TEST_SUITE_P(
    Table, Errors,
    ::testing::Values(
        ErrorCase{"NoScheme", {{kGen, "127.0.0.1:4318"}}, kGen, "'127.0.0.1:4318' is not a URL: it must start with"},
        ErrorCase{"PerSignalNoScheme", {{kTr, "localhost"}}, kTr, "must start with http:// or https://"},
        ErrorCase{"OtherScheme", {{kGen, "ftp://127.0.0.1"}}, kGen, "has scheme 'ftp'"},
        ErrorCase{"NoHost", {{kGen, "http://"}}, kGen, "has no host"},
        ErrorCase{"NoHostWithPort", {{kGen, "http://:4318"}}, kGen, "has no host"},
        ErrorCase{"PortTooBig", {{kGen, "http://127.0.0.1:99999"}}, kGen, "bad port '99999'"},
        ErrorCase{"PortZero", {{kGen, "http://127.0.0.1:0"}}, kGen, "bad port '0'"},
        ErrorCase{"PortNotNumber", {{kGen, "http://127.0.0.1:43a"}}, kGen, "bad port '43a'"},
        ErrorCase{"BadHost", {{kGen, "http://bad!host:1"}}, kGen, "bad host name"},
        ErrorCase{"InnerBlank", {{kGen, "http://127.0.0.1/a b"}}, kGen, "blank or control character"},
        ErrorCase{"Fragment", {{kTr, "http://127.0.0.1/x#top"}}, kTr, "#fragment"},
        ErrorCase{"GenericQuery", {{kGen, "http://127.0.0.1:4318/?x=1"}}, kGen, "has a ?query"},
        ErrorCase{"UnclosedIpv6", {{kGen, "http://[::1:4318"}}, kGen, "closing ']'"},
        ErrorCase{"GrpcNoPort", {{kProto, "grpc"}, {kGen, "127.0.0.1"}}, kGen, "needs a port"},
        ErrorCase{"GrpcPath", {{kProto, "grpc"}, {kGen, "http://127.0.0.1:4317/v1/traces"}}, kGen,
                  "gRPC endpoint does not take"},
        ErrorCase{"GrpcUnixScheme", {{kProto, "grpc"}, {kGen, "unix:///tmp/otlp.sock"}}, kGen, "has scheme 'unix'"},
        ErrorCase{"HttpJson", {{kProto, "http/json"}}, kProto,
                  "'http/json' is not supported by kotel, use http/protobuf"},
        ErrorCase{"UnknownProtocol", {{kProto, "thrift"}}, kProto, "'thrift' is not an OTLP protocol"},
        ErrorCase{"PerSignalHttpJson", {{"OTEL_EXPORTER_OTLP_LOGS_PROTOCOL", "http/json"}},
                  "OTEL_EXPORTER_OTLP_LOGS_PROTOCOL", "not supported by kotel"},
        ErrorCase{"InsecureNotBoolean", {{"OTEL_EXPORTER_OTLP_INSECURE", "yes"}}, "OTEL_EXPORTER_OTLP_INSECURE",
                  "'yes' is not a boolean"},
        ErrorCase{"TimeoutWord", {{"OTEL_EXPORTER_OTLP_TIMEOUT", "abc"}}, "OTEL_EXPORTER_OTLP_TIMEOUT",
                  "'abc' is not a number of milliseconds"},
        ErrorCase{"TimeoutNegative", {{"OTEL_EXPORTER_OTLP_TIMEOUT", "-5"}}, "OTEL_EXPORTER_OTLP_TIMEOUT",
                  "'-5' is not a number of milliseconds"},
        ErrorCase{"TimeoutFraction", {{"OTEL_EXPORTER_OTLP_TIMEOUT", "1.5"}}, "OTEL_EXPORTER_OTLP_TIMEOUT",
                  "is not a number"},
        ErrorCase{"TimeoutTooLarge", {{"OTEL_EXPORTER_OTLP_TIMEOUT", "2147483648"}}, "OTEL_EXPORTER_OTLP_TIMEOUT",
                  "is not a number"},
        ErrorCase{"PerSignalTimeout", {{"OTEL_EXPORTER_OTLP_METRICS_TIMEOUT", "10s"}},
                  "OTEL_EXPORTER_OTLP_METRICS_TIMEOUT", "'10s' is not a number"},
        ErrorCase{"Compression", {{"OTEL_EXPORTER_OTLP_COMPRESSION", "zstd"}}, "OTEL_EXPORTER_OTLP_COMPRESSION",
                  "'zstd' is not a compression kotel supports"},
        ErrorCase{"CertificateMissing", {{"OTEL_EXPORTER_OTLP_CERTIFICATE", "/nonexistent/kotel/ca.pem"}},
                  "OTEL_EXPORTER_OTLP_CERTIFICATE", "'/nonexistent/kotel/ca.pem' cannot be opened"},
        ErrorCase{"CertificateDirectory", {{"OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE", "/"}},
                  "OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE", "not a regular file"},
        ErrorCase{"ClientKeyMissing", {{"OTEL_EXPORTER_OTLP_LOGS_CLIENT_KEY", "/nonexistent/key.pem"}},
                  "OTEL_EXPORTER_OTLP_LOGS_CLIENT_KEY", "cannot be opened"},
        ErrorCase{"HeaderNoEquals", {{kHdr, "novalue"}}, kHdr, "entry 1 has no '='"},
        ErrorCase{"HeaderSecondEntry", {{kHdr, "a=1,b"}}, kHdr, "entry 2 has no '='"},
        ErrorCase{"HeaderEmptyKey", {{kHdr, "=v"}}, kHdr, "'' is not a valid key"},
        ErrorCase{"HeaderKeyWithBlank", {{kHdr, "bad key=v"}}, kHdr, "'bad key' is not a valid key"},
        ErrorCase{"HeaderProperties", {{kHdr, "k=v;p=1"}}, kHdr, "properties are not supported"},
        ErrorCase{"HeaderBadEscape", {{kHdr, "k=%zz"}}, kHdr, "value of 'k' has a '%' not followed by two hex"},
        ErrorCase{"HeaderTruncatedEscape", {{kHdr, "k=ab%4"}}, kHdr, "'%' not followed"},
        ErrorCase{"HeaderControlChar", {{kHdr, "k=a%0D%0Ab"}}, kHdr, "control character"},
        ErrorCase{"HeaderQuote", {{kHdr, "k=\"q\""}}, kHdr, "must be percent-encoded"},
        ErrorCase{"PerSignalHeader", {{"OTEL_EXPORTER_OTLP_TRACES_HEADERS", "x"}}, "OTEL_EXPORTER_OTLP_TRACES_HEADERS",
                  "no '='"},
        ErrorCase{"ExporterUnknown", {{"OTEL_TRACES_EXPORTER", "otlp,zipkin"}}, "OTEL_TRACES_EXPORTER",
                  "lists 'zipkin', which kotel does not support"},
        ErrorCase{"PrometheusOnlyForMetrics", {{"OTEL_LOGS_EXPORTER", "prometheus"}}, "OTEL_LOGS_EXPORTER",
                  "lists 'prometheus'"},
        ErrorCase{"ExporterLogging", {{"OTEL_METRICS_EXPORTER", "logging"}}, "OTEL_METRICS_EXPORTER",
                  "deprecated name: use console"},
        ErrorCase{"ExporterNoneWithOthers", {{"OTEL_METRICS_EXPORTER", "none,otlp"}}, "OTEL_METRICS_EXPORTER",
                  "combines 'none'"},
        ErrorCase{"SdkDisabledNotBoolean", {{"OTEL_SDK_DISABLED", "1"}}, "OTEL_SDK_DISABLED", "'1' is not a boolean"},
        ErrorCase{"BspQueueZero", {{"OTEL_BSP_MAX_QUEUE_SIZE", "0"}}, "OTEL_BSP_MAX_QUEUE_SIZE",
                  "'0' is not a positive integer"},
        ErrorCase{"BspBatchOverDefaultQueue", {{"OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "4096"}},
                  "OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "larger than the queue (OTEL_BSP_MAX_QUEUE_SIZE 2048)"},
        ErrorCase{"BlrpBatchOverQueue",
                  {{"OTEL_BLRP_MAX_QUEUE_SIZE", "100"}, {"OTEL_BLRP_MAX_EXPORT_BATCH_SIZE", "200"}},
                  "OTEL_BLRP_MAX_EXPORT_BATCH_SIZE", "larger than the queue (OTEL_BLRP_MAX_QUEUE_SIZE 100)"},
        ErrorCase{"BspDelayZero", {{"OTEL_BSP_SCHEDULE_DELAY", "0"}}, "OTEL_BSP_SCHEDULE_DELAY", "at least 1 ms"},
        ErrorCase{"BspTimeoutWord", {{"OTEL_BSP_EXPORT_TIMEOUT", "soon"}}, "OTEL_BSP_EXPORT_TIMEOUT",
                  "'soon' is not a number of milliseconds"},
        ErrorCase{"BlrpQueueWord", {{"OTEL_BLRP_MAX_QUEUE_SIZE", "big"}}, "OTEL_BLRP_MAX_QUEUE_SIZE",
                  "not a positive integer"},
        ErrorCase{"MetricIntervalNegative", {{"OTEL_METRIC_EXPORT_INTERVAL", "-1"}}, "OTEL_METRIC_EXPORT_INTERVAL",
                  "is not a number of milliseconds"},
        ErrorCase{"MetricIntervalZero", {{"OTEL_METRIC_EXPORT_INTERVAL", "0"}}, "OTEL_METRIC_EXPORT_INTERVAL",
                  "at least 1 ms"},
        ErrorCase{"MetricTimeoutWord", {{"OTEL_METRIC_EXPORT_TIMEOUT", "x"}}, "OTEL_METRIC_EXPORT_TIMEOUT",
                  "not a number"},
        ErrorCase{"ResourceBlankInValue", {{"OTEL_RESOURCE_ATTRIBUTES", "a=b c"}}, "OTEL_RESOURCE_ATTRIBUTES",
                  "value of 'a' has a character that must be percent-encoded"},
        ErrorCase{"ResourceNoEquals", {{"OTEL_RESOURCE_ATTRIBUTES", "service.namespace"}}, "OTEL_RESOURCE_ATTRIBUTES",
                  "entry 1 has no '='"}),
    [](const auto& info) { return std::string(info.param.name); });
// clang-format on

TEST(OtlpConfigErrors, NeverRepeatSecrets) {
  auto bad_escape = load({{kHdr, "api-key=s3cr3t%2"}});
  ASSERT_FALSE(bad_escape.ok());
  EXPECT_EQ(bad_escape.error().find("s3cr3t"), std::string::npos) << bad_escape.error();
  auto userinfo = load({{kGen, "http://user:pa55@127.0.0.1:4318"}});
  ASSERT_FALSE(userinfo.ok());
  EXPECT_NE(userinfo.error().find("user credentials in the URL are not supported"), std::string::npos);
  EXPECT_EQ(userinfo.error().find("pa55"), std::string::npos) << userinfo.error();
}

// --- Headers. ---

struct HeaderCase {
  const char* name;
  Env env;
  Signal signal;
  KeyValues expected;
};

class Headers : public ::testing::TestWithParam<HeaderCase> {};

TEST_P(Headers, Parse) {
  auto r = load(GetParam().env);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r->signal(GetParam().signal).headers, GetParam().expected);
}

const char* const kTrHdr = "OTEL_EXPORTER_OTLP_TRACES_HEADERS";

// One case per row (clang-format would put each field on its own line).
// clang-format off
INSTANTIATE_TEST_SUITE_P(
    Table, Headers,
    ::testing::Values(
        HeaderCase{"None", {}, kT, {}},
        HeaderCase{"One", {{kHdr, "a=b"}}, kT, {{"a", "b"}}},
        HeaderCase{"BlanksTrimmed", {{kHdr, " a = b ,\tc=d "}}, kT, {{"a", "b"}, {"c", "d"}}},
        HeaderCase{"NamesLowerCased", {{kHdr, "X-Api-Key=Ab"}}, kT, {{"x-api-key", "Ab"}}},
        HeaderCase{"PercentDecoded", {{kHdr, "authorization=Bearer%20tok"}}, kT, {{"authorization", "Bearer tok"}}},
        HeaderCase{"InnerBlankAccepted", {{kHdr, "authorization=Bearer tok"}}, kT, {{"authorization", "Bearer tok"}}},
        HeaderCase{"EncodedSeparators", {{kHdr, "k=a%2Cb%3Bc%3D"}}, kT, {{"k", "a,b;c="}}},
        HeaderCase{"Utf8Escape", {{kHdr, "k=%E2%82%AC"}}, kT, {{"k", "\xE2\x82\xAC"}}},
        HeaderCase{"EqualsInValue", {{kHdr, "k=v=w"}}, kT, {{"k", "v=w"}}},
        HeaderCase{"EmptyValue", {{kHdr, "k="}}, kT, {{"k", ""}}},
        HeaderCase{"EmptyEntriesSkipped", {{kHdr, "a=1,,b=2,"}}, kT, {{"a", "1"}, {"b", "2"}}},
        HeaderCase{"RepeatLastWins", {{kHdr, "a=1,a=2"}}, kT, {{"a", "2"}}},
        HeaderCase{"PerSignalOverrides", {{kHdr, "a=1,b=2"}, {kTrHdr, "b=3,c=4"}}, kT, {{"a", "1"}, {"b", "3"}, {"c", "4"}}},
        HeaderCase{"OtherSignalKeepsGeneric", {{kHdr, "a=1,b=2"}, {kTrHdr, "b=3,c=4"}}, kM, {{"a", "1"}, {"b", "2"}}},
        HeaderCase{"OverrideIgnoresCase", {{kHdr, "X-Key=1"}, {kTrHdr, "x-key=2"}}, kT, {{"x-key", "2"}}},
        HeaderCase{"PerSignalAlone", {{"OTEL_EXPORTER_OTLP_LOGS_HEADERS", "t=1"}}, kL, {{"t", "1"}}}),
    [](const auto& info) { return std::string(info.param.name); });
// clang-format on

// --- Exporter lists. ---

struct ExporterCase {
  const char* name;
  Env env;
  Signal signal;
  bool otlp, console, prometheus;
};

class Exporters : public ::testing::TestWithParam<ExporterCase> {};

TEST_P(Exporters, Select) {
  auto r = load(GetParam().env);
  ASSERT_TRUE(r.ok()) << r.error();
  const OtlpSignalConfig& s = r->signal(GetParam().signal);
  EXPECT_EQ(s.otlp, GetParam().otlp);
  EXPECT_EQ(s.console, GetParam().console);
  EXPECT_EQ(s.prometheus, GetParam().prometheus);
}

// One case per row (clang-format would put each field on its own line).
// clang-format off
INSTANTIATE_TEST_SUITE_P(
    Table, Exporters,
    ::testing::Values(ExporterCase{"Unset", {}, kT, false, false, false},
                      ExporterCase{"UnsetWithEndpoint", {{kGen, "http://127.0.0.1:1"}}, kL, true, false, false},
                      ExporterCase{"OtlpAndConsole", {{"OTEL_TRACES_EXPORTER", "otlp,console"}}, kT, true, true, false},
                      ExporterCase{"ConsoleOnly", {{"OTEL_TRACES_EXPORTER", "console"}}, kT, false, true, false},
                      ExporterCase{"CaseAndBlanks", {{"OTEL_LOGS_EXPORTER", " OTLP , Console "}}, kL, true, true, false},
                      ExporterCase{"Duplicates", {{"OTEL_TRACES_EXPORTER", "otlp,otlp,"}}, kT, true, false, false},
                      ExporterCase{"NoneBeatsEndpoint", {{"OTEL_METRICS_EXPORTER", "none"}, {kGen, "http://127.0.0.1:1"}},
                                   kM, false, false, false},
                      ExporterCase{"Prometheus", {{"OTEL_METRICS_EXPORTER", "prometheus,otlp"}}, kM, true, false, true},
                      ExporterCase{"OnlyItsSignal", {{"OTEL_TRACES_EXPORTER", "otlp,console"}}, kM, false, false, false}),
    [](const auto& info) { return std::string(info.param.name); });
// clang-format on

// --- Everything else. ---

TEST(OtlpConfig, SdkDisabledTurnsEveryExporterOffAndReadsNothingElse) {
  auto r = load({{"OTEL_SDK_DISABLED", "TRUE"},
                 {"OTEL_TRACES_EXPORTER", "otlp,console"},
                 {"OTEL_METRICS_EXPORTER", "prometheus"},
                 {kGen, "http://127.0.0.1:4318"},
                 {"OTEL_EXPORTER_OTLP_TIMEOUT", "abc"}});
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_TRUE(r->sdk_disabled);
  EXPECT_FALSE(r->any_otlp());
  EXPECT_FALSE(r->traces.console);
  EXPECT_FALSE(r->metrics.prometheus);
}

TEST(OtlpConfig, SdkDisabledFalseChangesNothing) {
  auto r = load({{"OTEL_SDK_DISABLED", "false"}, {"OTEL_TRACES_EXPORTER", "otlp"}});
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_FALSE(r->sdk_disabled);
  EXPECT_TRUE(r->traces.otlp);
  EXPECT_TRUE(r->any_otlp());
}

TEST(OtlpConfig, AnyOtlpFromOneSignal) {
  auto none = load({});
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->any_otlp());
  auto logs = load({{"OTEL_EXPORTER_OTLP_LOGS_ENDPOINT", "http://127.0.0.1:4318/v1/logs"}});
  ASSERT_TRUE(logs.ok()) << logs.error();
  EXPECT_TRUE(logs->any_otlp());
  EXPECT_FALSE(logs->traces.otlp);
}

TEST(OtlpConfig, TimeoutAndCompressionPerSignalOverride) {
  auto r = load({{"OTEL_EXPORTER_OTLP_TIMEOUT", "2000"},
                 {"OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "500"},
                 {"OTEL_EXPORTER_OTLP_LOGS_TIMEOUT", "0"},
                 {"OTEL_EXPORTER_OTLP_COMPRESSION", "GZIP"},
                 {"OTEL_EXPORTER_OTLP_LOGS_COMPRESSION", "none"}});
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r->traces.timeout, milliseconds{500});
  EXPECT_EQ(r->metrics.timeout, milliseconds{2000});
  EXPECT_EQ(r->logs.timeout, kNoTimeout);
  EXPECT_TRUE(r->traces.gzip);
  EXPECT_TRUE(r->metrics.gzip);
  EXPECT_FALSE(r->logs.gzip);
}

TEST(OtlpConfig, Defaults) {
  auto r = load({});
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r->traces.timeout, milliseconds{10000});
  EXPECT_FALSE(r->traces.gzip);
  EXPECT_FALSE(r->traces.insecure);
  EXPECT_TRUE(r->traces.certificate.empty());
  EXPECT_EQ(r->spans.schedule_delay, milliseconds{5000});
  EXPECT_EQ(r->spans.export_timeout, milliseconds{30000});
  EXPECT_EQ(r->spans.max_queue_size, 2048u);
  EXPECT_EQ(r->spans.max_export_batch_size, 512u);
  EXPECT_EQ(r->logs_batch.schedule_delay, milliseconds{1000});
  EXPECT_EQ(r->logs_batch.export_timeout, milliseconds{30000});
  EXPECT_EQ(r->logs_batch.max_queue_size, 2048u);
  EXPECT_EQ(r->logs_batch.max_export_batch_size, 512u);
  EXPECT_EQ(r->metric_export_interval, milliseconds{60000});
  EXPECT_EQ(r->metric_export_timeout, milliseconds{30000});
  EXPECT_TRUE(r->resource_attributes.empty());
  EXPECT_TRUE(r->warnings.empty());
}

TEST(OtlpConfig, BatchOverrides) {
  auto r = load({{"OTEL_BSP_SCHEDULE_DELAY", "200"},
                 {"OTEL_BSP_EXPORT_TIMEOUT", "0"},
                 {"OTEL_BSP_MAX_QUEUE_SIZE", "4096"},
                 {"OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "4096"},
                 {"OTEL_BLRP_SCHEDULE_DELAY", "50"},
                 {"OTEL_BLRP_EXPORT_TIMEOUT", "700"},
                 {"OTEL_BLRP_MAX_QUEUE_SIZE", "100"}});
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r->spans.schedule_delay, milliseconds{200});
  EXPECT_EQ(r->spans.export_timeout, kNoTimeout);
  EXPECT_EQ(r->spans.max_queue_size, 4096u);
  EXPECT_EQ(r->spans.max_export_batch_size, 4096u) << "batch == queue is allowed";
  EXPECT_EQ(r->logs_batch.schedule_delay, milliseconds{50});
  EXPECT_EQ(r->logs_batch.export_timeout, milliseconds{700});
  EXPECT_EQ(r->logs_batch.max_queue_size, 100u);
  EXPECT_EQ(r->logs_batch.max_export_batch_size, 100u) << "an unset batch size is clamped to a smaller queue";
}

TEST(OtlpConfig, MetricInterval) {
  auto r = load({{"OTEL_METRIC_EXPORT_INTERVAL", "15000"}, {"OTEL_METRIC_EXPORT_TIMEOUT", "0"}});
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r->metric_export_interval, milliseconds{15000});
  EXPECT_EQ(r->metric_export_timeout, kNoTimeout);
  auto t = load({{"OTEL_METRIC_EXPORT_TIMEOUT", "5000"}});
  ASSERT_TRUE(t.ok()) << t.error();
  EXPECT_EQ(t->metric_export_timeout, milliseconds{5000});
}

TEST(OtlpConfig, ResourceAttributes) {
  auto r = load({{"OTEL_RESOURCE_ATTRIBUTES",
                  "service.namespace=shop, deployment.environment = prod%20eu,K8s.Pod=p1,service.namespace=web"}});
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r->resource_attributes,
            (KeyValues{{"service.namespace", "web"}, {"deployment.environment", "prod eu"}, {"K8s.Pod", "p1"}}));
}

TEST(OtlpConfig, ServiceNameIsNotAppliedAndSaysSo) {
  auto r = load({{"OTEL_SERVICE_NAME", "checkout"}});
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_TRUE(r->resource_attributes.empty());
  ASSERT_EQ(r->warnings.size(), 1u);
  EXPECT_NE(r->warnings[0].find("OTEL_SERVICE_NAME is not applied"), std::string::npos);
}

TEST(OtlpConfig, CertificatesPerSignal) {
  std::string ca = write_temp_file("ca.pem");
  std::string key = write_temp_file("key.pem");
  std::string cert = write_temp_file("cert.pem");
  auto r = load({{"OTEL_EXPORTER_OTLP_CERTIFICATE", ca},
                 {"OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY", key},
                 {"OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE", cert},
                 {kGen, "https://127.0.0.1:4318"}});
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r->traces.certificate, ca);
  EXPECT_EQ(r->metrics.certificate, ca);
  EXPECT_EQ(r->traces.client_key, key);
  EXPECT_EQ(r->traces.client_certificate, cert);
  EXPECT_TRUE(r->metrics.client_key.empty());
  EXPECT_TRUE(r->metrics.client_certificate.empty());
  EXPECT_TRUE(r->warnings.empty()) << r->warnings[0];
}

TEST(OtlpConfig, ClientKeyWithoutCertificateIsAnError) {
  std::string key = write_temp_file("lonely_key.pem");
  auto r = load({{"OTEL_EXPORTER_OTLP_CLIENT_KEY", key}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().rfind("OTEL_EXPORTER_OTLP_CLIENT_KEY is set without a client certificate", 0), 0u) << r.error();
}

TEST(OtlpConfig, CertificateOnPlainHttpWarns) {
  std::string ca = write_temp_file("plain_ca.pem");
  auto r = load({{"OTEL_EXPORTER_OTLP_CERTIFICATE", ca}, {kTr, "http://127.0.0.1:4318/v1/traces"}});
  ASSERT_TRUE(r.ok()) << r.error();
  ASSERT_EQ(r->warnings.size(), 1u);
  EXPECT_NE(r->warnings[0].find("OTEL_EXPORTER_OTLP_CERTIFICATE is not used: the traces endpoint"), std::string::npos)
      << r->warnings[0];
}

TEST(OtlpConfig, InsecureWithSchemeWarnsOnce) {
  auto r = load({{kProto, "grpc"}, {kGen, "https://127.0.0.1:4317"}, {"OTEL_EXPORTER_OTLP_INSECURE", "true"}});
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_TRUE(r->traces.insecure);
  EXPECT_TRUE(r->traces.url.tls) << "the https scheme wins over insecure";
  ASSERT_EQ(r->warnings.size(), 1u) << "one warning for the generic variable, not one per signal";
  EXPECT_NE(r->warnings[0].find("has no effect"), std::string::npos);
}

TEST(OtlpConfig, ProcessEnvReadsGetenv) {
  EnvLookup env = process_env();
  ::setenv("KOTEL_OTLP_CONFIG_TEST_VAR", "v1", 1);
  EXPECT_EQ(env("KOTEL_OTLP_CONFIG_TEST_VAR"), std::optional<std::string>("v1"));
  ::unsetenv("KOTEL_OTLP_CONFIG_TEST_VAR");
  EXPECT_EQ(env("KOTEL_OTLP_CONFIG_TEST_VAR"), std::nullopt);
}

}  // namespace
}  // namespace kotel::config

namespace kotel::config {
namespace {
using testing::load;

TEST(OtlpConfigSampler, TheOtelNamesAndTheRatio) {
  auto d = load({});
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->traces_sampler, "parentbased_always_on");
  auto r = load({{"OTEL_TRACES_SAMPLER", "ParentBased_TraceIdRatio"}, {"OTEL_TRACES_SAMPLER_ARG", "0.25"}});
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r->traces_sampler, "parentbased_traceidratio");
  EXPECT_DOUBLE_EQ(r->traces_sampler_arg, 0.25);
  auto bad_name = load({{"OTEL_TRACES_SAMPLER", "jaeger_remote"}});
  ASSERT_FALSE(bad_name.ok());
  EXPECT_EQ(bad_name.error().rfind("OTEL_TRACES_SAMPLER", 0), 0u) << bad_name.error();
  EXPECT_FALSE(load({{"OTEL_TRACES_SAMPLER", "traceidratio"}, {"OTEL_TRACES_SAMPLER_ARG", "1.5"}}).ok());
  EXPECT_FALSE(load({{"OTEL_TRACES_SAMPLER", "traceidratio"}, {"OTEL_TRACES_SAMPLER_ARG", "half"}}).ok());
  auto ignored = load({{"OTEL_TRACES_SAMPLER", "always_on"}, {"OTEL_TRACES_SAMPLER_ARG", "0.5"}});
  ASSERT_TRUE(ignored.ok());
  EXPECT_FALSE(ignored->warnings.empty()) << "an argument always_on ignores is said";
}

}  // namespace
}  // namespace kotel::config
