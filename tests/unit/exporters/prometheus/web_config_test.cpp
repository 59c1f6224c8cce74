#include "exporters/prometheus/web_config.h"

#include <crypt.h>
#include <gtest/gtest.h>

#include <cstring>

namespace kotel::prometheus {
namespace {

// A bcrypt hash of `password` (cost 4: the test's time), as htpasswd -B makes.
std::string bcrypt(const char* password) {
  char salt[CRYPT_GENSALT_OUTPUT_SIZE];
  EXPECT_NE(crypt_gensalt_rn("$2b$", 4, nullptr, 0, salt, sizeof(salt)), nullptr);
  crypt_data data;
  std::memset(&data, 0, sizeof(data));
  return crypt_r(password, salt, &data);
}

TEST(WebConfig, ReadsTlsAndUsersInThePrometheusFormat) {
  std::string hash = bcrypt("s3cret");
  auto cfg = parse_web_config("tls_server_config:\n  cert_file: /c.pem\n  key_file: /k.pem\n"
                              "  client_ca_file: /ca.pem\n  client_auth_type: RequireAndVerifyClientCert\n"
                              "  min_version: TLS13\nbasic_auth_users:\n  prometheus: " + hash + "\n",
                              "web.yml");
  ASSERT_TRUE(cfg) << cfg.error();
  EXPECT_TRUE(cfg->tls_enabled);
  EXPECT_EQ(cfg->tls.cert_file, "/c.pem");
  EXPECT_EQ(cfg->tls.client_auth, WebConfig::Tls::ClientAuth::kRequire);
  EXPECT_TRUE(cfg->tls.tls13_only);
  EXPECT_EQ(cfg->users.at("prometheus"), hash);
}

TEST(WebConfig, NamesWhatIsWrong) {
  auto unknown = parse_web_config("tls_server_config:\n  cert_file: a\n  key_file: b\n  cipher: x\n", "w.yml");
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().find("tls_server_config.cipher"), std::string::npos) << unknown.error();
  auto no_key = parse_web_config("tls_server_config:\n  cert_file: a\n", "w.yml");
  ASSERT_FALSE(no_key);
  EXPECT_NE(no_key.error().find("key_file"), std::string::npos);
  auto plain = parse_web_config("basic_auth_users:\n  bob: hunter2\n", "w.yml");
  ASSERT_FALSE(plain);
  EXPECT_NE(plain.error().find("not a bcrypt hash"), std::string::npos);
  EXPECT_EQ(plain.error().find("hunter2"), std::string::npos) << "the error must not echo the secret";
  EXPECT_FALSE(parse_web_config("tls_server_config: [", "w.yml"));
  EXPECT_FALSE(load_web_config("/no/such/web.yml"));
}

TEST(WebConfig, BasicAuthAcceptsTheRightPasswordOnly) {
  WebConfig cfg;
  cfg.users["prometheus"] = bcrypt("s3cret");
  EXPECT_TRUE(basic_auth_ok(cfg, "Basic cHJvbWV0aGV1czpzM2NyZXQ="));   // prometheus:s3cret
  EXPECT_TRUE(basic_auth_ok(cfg, "basic cHJvbWV0aGV1czpzM2NyZXQ"));    // case, no padding
  EXPECT_FALSE(basic_auth_ok(cfg, "Basic cHJvbWV0aGV1czp3cm9uZw=="));  // prometheus:wrong
  EXPECT_FALSE(basic_auth_ok(cfg, "Basic Ym9iOnMzY3JldA=="));          // bob:s3cret
  EXPECT_FALSE(basic_auth_ok(cfg, "Bearer cHJvbWV0aGV1czpzM2NyZXQ="));
  EXPECT_FALSE(basic_auth_ok(cfg, ""));
  EXPECT_FALSE(basic_auth_ok(cfg, "Basic !!!"));
  EXPECT_TRUE(basic_auth_ok(WebConfig{}, ""));  // no users: no auth
}

TEST(WebConfig, Base64Decodes) {
  EXPECT_EQ(base64_decode("YTpi"), "a:b");
  EXPECT_EQ(base64_decode("YWI="), "ab");
  EXPECT_EQ(base64_decode("YWI"), "ab");
  EXPECT_EQ(base64_decode("Y$"), "");
}

}  // namespace
}  // namespace kotel::prometheus
