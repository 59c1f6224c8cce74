#include "kubernetes/api_client.h"

#include <curl/curl.h>

#include <cctype>
#include <fstream>
#include <sstream>

namespace kotel::kubernetes {
namespace {

bool readable(const std::string& path) { return std::ifstream(path).good(); }

std::string read_token(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string t = ss.str();
  while (!t.empty() && (t.back() == '\n' || t.back() == '\r' || t.back() == ' ')) t.pop_back();
  return t;
}

struct Transfer {
  const ApiClient::OnData* on_data;
  const std::atomic<bool>* stop;
  bool aborted_by_reader = false;
};

size_t on_write(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  if (!(*t->on_data)(std::string_view(data, size * n))) {
    t->aborted_by_reader = true;
    return 0;
  }
  return size * n;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<Transfer*>(user)->stop->load(std::memory_order_relaxed) ? 1 : 0;
}

}  // namespace

core::Result<ApiConfig> in_cluster_config(const config::EnvLookup& env, const std::string& service_account_dir) {
  auto host = env("KUBERNETES_SERVICE_HOST");
  auto port = env("KUBERNETES_SERVICE_PORT");
  if (!host || host->empty()) return core::Error{"KUBERNETES_SERVICE_HOST is not set (not running in a pod?)"};
  if (!port || port->empty()) return core::Error{"KUBERNETES_SERVICE_PORT is not set (not running in a pod?)"};
  ApiConfig c;
  bool v6 = host->find(':') != std::string::npos;
  c.base_url = "https://" + (v6 ? "[" + *host + "]" : *host) + ":" + *port;
  c.token_path = service_account_dir + "/token";
  c.ca_path = service_account_dir + "/ca.crt";
  for (const auto* f : {&c.token_path, &c.ca_path})
    if (!readable(*f)) return core::Error{"cannot read " + *f + " (service account not mounted?)"};
  return c;
}

ApiClient::ApiClient(ApiConfig config) : config_(std::move(config)), curl_(curl_easy_init()) {}

ApiClient::~ApiClient() { curl_easy_cleanup(static_cast<CURL*>(curl_)); }

core::Result<long> ApiClient::get(const std::string& path_and_query, long timeout_s, const OnData& on_data,
                                  const std::atomic<bool>& stop) {
  auto* c = static_cast<CURL*>(curl_);
  if (!c) return core::Error{"libcurl could not be initialised"};
  curl_easy_reset(c);
  std::string url = config_.base_url + path_and_query;
  std::string auth = "Authorization: Bearer " + read_token(config_.token_path);
  curl_slist* headers = curl_slist_append(nullptr, auth.c_str());
  headers = curl_slist_append(headers, "Accept: application/json");
  Transfer t{&on_data, &stop};
  char error[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(c, CURLOPT_CAINFO, config_.ca_path.c_str());
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 5L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout_s);
  curl_easy_setopt(c, CURLOPT_USERAGENT, "kotel");
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_write);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt(c, CURLOPT_XFERINFODATA, &t);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  CURLcode rc = curl_easy_perform(c);
  curl_slist_free_all(headers);
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  if (rc == CURLE_WRITE_ERROR && t.aborted_by_reader) return status;
  if (rc != CURLE_OK) return core::Error{url + ": " + (error[0] ? std::string(error) : curl_easy_strerror(rc))};
  return status;
}

std::string url_encode(std::string_view value) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char ch : value) {
    if (std::isalnum(ch) || ch == '-' || ch == '.' || ch == '_' || ch == '~') {
      out += static_cast<char>(ch);
    } else {
      out += '%';
      out += kHex[ch >> 4];
      out += kHex[ch & 15];
    }
  }
  return out;
}

}  // namespace kotel::kubernetes
