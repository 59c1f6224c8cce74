// OTLP endpoints from the OTEL_* variables: generic vs per-signal, the
// /v1/<signal> path rules, protocol and TLS.
#include <gtest/gtest.h>

#include "config/otlp_config.h"
#include "otlp_env_support.h"

namespace kotel::config {
namespace {

using namespace testing;  // load, Env and the short names

// --- Endpoints: generic vs per-signal, the /v1/<signal> path rules, protocol, TLS. ---

struct EndpointCase {
  const char* name;
  Env env;
  Signal signal;
  bool otlp;
  OtlpProtocol protocol;
  const char* endpoint;
  bool tls;
  const char* host;
  uint16_t port;
  const char* target;
};

class Endpoints : public ::testing::TestWithParam<EndpointCase> {};

TEST_P(Endpoints, Resolve) {
  const EndpointCase& c = GetParam();
  auto r = load(c.env);
  ASSERT_TRUE(r.ok()) << r.error();
  const OtlpSignalConfig& s = r->signal(c.signal);
  EXPECT_EQ(s.otlp, c.otlp);
  EXPECT_EQ(s.protocol, c.protocol);
  EXPECT_EQ(s.endpoint, c.endpoint);
  EXPECT_EQ(s.url.tls, c.tls);
  EXPECT_EQ(s.url.host, c.host);
  EXPECT_EQ(s.url.port, c.port);
  EXPECT_EQ(s.url.target, c.target);
}


// One case per row (clang-format would put each field on its own line).
// clang-format off
INSTANTIATE_TEST_SUITE_P(
    Table, Endpoints,
    ::testing::Values(
        EndpointCase{"NothingSetIsOffWithHttpDefault", {}, kT, false, kHttp, "http://localhost:4318/v1/traces", false,
                     "localhost", 4318, "/v1/traces"},
        EndpointCase{"DefaultMetrics", {}, kM, false, kHttp, "http://localhost:4318/v1/metrics", false, "localhost",
                     4318, "/v1/metrics"},
        EndpointCase{"EmptyValueIsUnset", {{kGen, ""}}, kL, false, kHttp, "http://localhost:4318/v1/logs", false,
                     "localhost", 4318, "/v1/logs"},
        EndpointCase{"GenericNoPath", {{kGen, "http://127.0.0.1:4318"}}, kT, true, kHttp,
                     "http://127.0.0.1:4318/v1/traces", false, "127.0.0.1", 4318, "/v1/traces"},
        EndpointCase{"GenericTrailingSlash", {{kGen, "http://127.0.0.1:4318/"}}, kL, true, kHttp,
                     "http://127.0.0.1:4318/v1/logs", false, "127.0.0.1", 4318, "/v1/logs"},
        EndpointCase{"GenericPathWithoutSlash", {{kGen, "http://127.0.0.1:4318/mycollector"}}, kM, true, kHttp,
                     "http://127.0.0.1:4318/mycollector/v1/metrics", false, "127.0.0.1", 4318,
                     "/mycollector/v1/metrics"},
        EndpointCase{"GenericPathWithSlash", {{kGen, "http://127.0.0.1:4318/mycollector/"}}, kT, true, kHttp,
                     "http://127.0.0.1:4318/mycollector/v1/traces", false, "127.0.0.1", 4318,
                     "/mycollector/v1/traces"},
        EndpointCase{"GenericBlanksTrimmed", {{kGen, "  http://127.0.0.1:4318 "}}, kT, true, kHttp,
                     "http://127.0.0.1:4318/v1/traces", false, "127.0.0.1", 4318, "/v1/traces"},
        EndpointCase{"PerSignalAsIs", {{kTr, "http://127.0.0.1:4318/custom/path"}}, kT, true, kHttp,
                     "http://127.0.0.1:4318/custom/path", false, "127.0.0.1", 4318, "/custom/path"},
        EndpointCase{"PerSignalKeepsTrailingSlash", {{kTr, "http://127.0.0.1:4318/v1/traces/"}}, kT, true, kHttp,
                     "http://127.0.0.1:4318/v1/traces/", false, "127.0.0.1", 4318, "/v1/traces/"},
        EndpointCase{"PerSignalNoPathIsRoot", {{kTr, "http://127.0.0.1:4318"}}, kT, true, kHttp,
                     "http://127.0.0.1:4318/", false, "127.0.0.1", 4318, "/"},
        EndpointCase{"PerSignalQueryKept", {{kTr, "http://127.0.0.1:9?tenant=a"}}, kT, true, kHttp,
                     "http://127.0.0.1:9/?tenant=a", false, "127.0.0.1", 9, "/?tenant=a"},
        EndpointCase{"PerSignalBeatsGeneric", {{kGen, "http://127.0.0.1:1"}, {kTr, "http://127.0.0.1:2/t"}}, kT, true,
                     kHttp, "http://127.0.0.1:2/t", false, "127.0.0.1", 2, "/t"},
        EndpointCase{"OtherSignalKeepsGeneric", {{kGen, "http://127.0.0.1:1"}, {kTr, "http://127.0.0.1:2/t"}}, kM,
                     true, kHttp, "http://127.0.0.1:1/v1/metrics", false, "127.0.0.1", 1, "/v1/metrics"},
        EndpointCase{"PerSignalDoesNotEnableOthers", {{kTr, "http://127.0.0.1:2/t"}}, kM, false, kHttp,
                     "http://localhost:4318/v1/metrics", false, "localhost", 4318, "/v1/metrics"},
        EndpointCase{"HttpsDefaultPort", {{kGen, "https://127.0.0.1"}}, kT, true, kHttp, "https://127.0.0.1/v1/traces",
                     true, "127.0.0.1", 443, "/v1/traces"},
        EndpointCase{"HttpDefaultPort", {{kGen, "http://localhost"}}, kT, true, kHttp, "http://localhost/v1/traces",
                     false, "localhost", 80, "/v1/traces"},
        EndpointCase{"EmptyPortIsDefault", {{kGen, "http://127.0.0.1:/"}}, kT, true, kHttp,
                     "http://127.0.0.1:/v1/traces", false, "127.0.0.1", 80, "/v1/traces"},
        EndpointCase{"Ipv6", {{kGen, "http://[::1]:4318"}}, kT, true, kHttp, "http://[::1]:4318/v1/traces", false,
                     "::1", 4318, "/v1/traces"},
        EndpointCase{"SchemeCaseInsensitive", {{kGen, "HTTPS://127.0.0.1:4318"}}, kT, true, kHttp,
                     "HTTPS://127.0.0.1:4318/v1/traces", true, "127.0.0.1", 4318, "/v1/traces"},
        EndpointCase{"ExporterOtlpUsesDefault", {{"OTEL_TRACES_EXPORTER", "otlp"}}, kT, true, kHttp,
                     "http://localhost:4318/v1/traces", false, "localhost", 4318, "/v1/traces"},
        EndpointCase{"ExporterConsoleKeepsOtlpOff", {{"OTEL_TRACES_EXPORTER", "console"}, {kGen, "http://127.0.0.1:1"}},
                     kT, false, kHttp, "http://127.0.0.1:1/v1/traces", false, "127.0.0.1", 1, "/v1/traces"},
        EndpointCase{"GrpcDefault", {{"OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"}}, kT, false, kGrpc,
                     "http://localhost:4317", false, "localhost", 4317, "/"},
        EndpointCase{"GrpcGenericAsGiven", {{"OTEL_EXPORTER_OTLP_PROTOCOL", "GRPC"}, {kGen, "https://127.0.0.1:4317"}},
                     kM, true, kGrpc, "https://127.0.0.1:4317", true, "127.0.0.1", 4317, "/"},
        EndpointCase{"GrpcRootPathAccepted", {{"OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"}, {kGen, "http://127.0.0.1:4317/"}},
                     kT, true, kGrpc, "http://127.0.0.1:4317/", false, "127.0.0.1", 4317, "/"},
        EndpointCase{"GrpcNoSchemeIsTls", {{"OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"}, {kGen, "127.0.0.1:4317"}}, kT, true,
                     kGrpc, "127.0.0.1:4317", true, "127.0.0.1", 4317, "/"},
        EndpointCase{"GrpcNoSchemeInsecure",
                     {{"OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"}, {kGen, "127.0.0.1:4317"},
                      {"OTEL_EXPORTER_OTLP_INSECURE", "TRUE"}},
                     kT, true, kGrpc, "127.0.0.1:4317", false, "127.0.0.1", 4317, "/"},
        EndpointCase{"GrpcPerSignalInsecureWins",
                     {{"OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"}, {kGen, "127.0.0.1:4317"},
                      {"OTEL_EXPORTER_OTLP_INSECURE", "false"}, {"OTEL_EXPORTER_OTLP_LOGS_INSECURE", "true"}},
                     kL, true, kGrpc, "127.0.0.1:4317", false, "127.0.0.1", 4317, "/"},
        EndpointCase{"GrpcHttpSchemeBeatsInsecureFalse",
                     {{"OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"}, {kGen, "http://127.0.0.1:4317"},
                      {"OTEL_EXPORTER_OTLP_INSECURE", "false"}},
                     kT, true, kGrpc, "http://127.0.0.1:4317", false, "127.0.0.1", 4317, "/"},
        EndpointCase{"PerSignalProtocolGrpc",
                     {{"OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"}, {"OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "grpc"},
                      {kGen, "http://127.0.0.1:4317"}},
                     kT, true, kGrpc, "http://127.0.0.1:4317", false, "127.0.0.1", 4317, "/"},
        EndpointCase{"PerSignalProtocolLeavesOthersHttp",
                     {{"OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"}, {"OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "grpc"},
                      {kGen, "http://127.0.0.1:4317"}},
                     kM, true, kHttp, "http://127.0.0.1:4317/v1/metrics", false, "127.0.0.1", 4317, "/v1/metrics"}),
    [](const auto& info) { return std::string(info.param.name); });
// clang-format on

}  // namespace
}  // namespace kotel::config
