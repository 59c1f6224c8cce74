#pragma once
// The admin API's calls (proto/kotel/admin/v1/admin.proto). Pipeline state is
// read on the reader thread through the bridge; streams drain their own
// subscription.

#include "kotel/admin/v1/admin.grpc.pb.h"

namespace kotel::admin {

class AgentAdmin;

class AdminService final : public v1::Admin::Service {
 public:
  explicit AdminService(AgentAdmin& admin) : admin_(admin) {}

  grpc::Status Status(grpc::ServerContext*, const v1::StatusRequest*, v1::StatusReply* out) override;
  grpc::Status Probes(grpc::ServerContext*, const v1::ProbesRequest*, v1::ProbesReply* out) override;
  grpc::Status Conns(grpc::ServerContext*, const v1::ConnsRequest* req, v1::ConnsReply* out) override;
  grpc::Status TailSpans(grpc::ServerContext* ctx, const v1::TailRequest* req,
                         grpc::ServerWriter<v1::SpanRecord>* out) override;
  grpc::Status Top(grpc::ServerContext* ctx, const v1::TopRequest* req, grpc::ServerWriter<v1::TopFrame>* out) override;
  grpc::Status Explain(grpc::ServerContext*, const v1::ExplainRequest* req, v1::ExplainReply* out) override;
  grpc::Status TailEvents(grpc::ServerContext* ctx, const v1::TailEventsRequest* req,
                          grpc::ServerWriter<v1::EventRecord>* out) override;
  grpc::Status TailLogs(grpc::ServerContext* ctx, const v1::TailLogsRequest* req,
                        grpc::ServerWriter<v1::LogLine>* out) override;

 private:
  AgentAdmin& admin_;
};

}  // namespace kotel::admin
