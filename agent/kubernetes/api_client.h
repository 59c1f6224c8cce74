#pragma once
// The Kubernetes API server as a pod reaches it (in-cluster config): the
// address from KUBERNETES_SERVICE_HOST/PORT, the service account's token and
// CA from its mounted directory. Requests go through libcurl; the token is
// read again for every request because the kubelet rotates it.

#include <atomic>
#include <functional>
#include <string>
#include <string_view>

#include "config/otlp_config.h"
#include "core/result.h"

namespace kotel::kubernetes {

inline constexpr const char* kServiceAccountDir = "/var/run/secrets/kubernetes.io/serviceaccount";

struct ApiConfig {
  std::string base_url;    // https://<host>:<port>
  std::string token_path;  // <dir>/token
  std::string ca_path;     // <dir>/ca.crt
};

// Errors name what is missing (the variable or the file).
core::Result<ApiConfig> in_cluster_config(const config::EnvLookup& env, const std::string& service_account_dir);

// A GET on the API server. on_data receives the body as it arrives (a watch
// streams for minutes) and returns false to abort; `stop` aborts within about
// a second. Returns the HTTP status, or an error for a failed transfer.
class ApiClient {
 public:
  using OnData = std::function<bool(std::string_view chunk)>;
  explicit ApiClient(ApiConfig config);
  ~ApiClient();
  ApiClient(const ApiClient&) = delete;
  ApiClient& operator=(const ApiClient&) = delete;

  core::Result<long> get(const std::string& path_and_query, long timeout_s, const OnData& on_data,
                         const std::atomic<bool>& stop);
  const ApiConfig& config() const { return config_; }

 private:
  ApiConfig config_;
  void* curl_;  // CURL*, reused so connections are kept alive
};

// Percent-encodes a query parameter value (RFC 3986 unreserved kept).
std::string url_encode(std::string_view value);

}  // namespace kotel::kubernetes
