# C++ for the vendored OTLP .proto files, generated at build time with protoc
# and grpc_cpp_plugin: target kotel_otlp_proto (messages + gRPC service stubs).
find_program(PROTOC protoc REQUIRED)
find_program(GRPC_CPP_PLUGIN grpc_cpp_plugin REQUIRED)
pkg_check_modules(PROTOBUF REQUIRED IMPORTED_TARGET protobuf)
pkg_check_modules(GRPCPP REQUIRED IMPORTED_TARGET grpc++)

set(OTLP_PROTO_ROOT ${CMAKE_SOURCE_DIR}/third_party/opentelemetry-proto)
set(OTLP_GEN_DIR ${CMAKE_BINARY_DIR}/gen/otlp)
set(OTLP_PROTOS
    opentelemetry/proto/common/v1/common.proto
    opentelemetry/proto/resource/v1/resource.proto
    opentelemetry/proto/trace/v1/trace.proto
    opentelemetry/proto/metrics/v1/metrics.proto
    opentelemetry/proto/logs/v1/logs.proto
    opentelemetry/proto/collector/trace/v1/trace_service.proto
    opentelemetry/proto/collector/metrics/v1/metrics_service.proto
    opentelemetry/proto/collector/logs/v1/logs_service.proto)

set(OTLP_SOURCES)
foreach(proto ${OTLP_PROTOS})
  string(REGEX REPLACE "\\.proto$" "" stem ${proto})
  set(outs ${OTLP_GEN_DIR}/${stem}.pb.cc ${OTLP_GEN_DIR}/${stem}.pb.h)
  set(plugin_args)
  if(proto MATCHES "collector/")
    list(APPEND outs ${OTLP_GEN_DIR}/${stem}.grpc.pb.cc ${OTLP_GEN_DIR}/${stem}.grpc.pb.h)
    set(plugin_args --grpc_out=${OTLP_GEN_DIR} --plugin=protoc-gen-grpc=${GRPC_CPP_PLUGIN})
  endif()
  add_custom_command(
    OUTPUT ${outs}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${OTLP_GEN_DIR}
    COMMAND ${PROTOC} -I ${OTLP_PROTO_ROOT} --cpp_out=${OTLP_GEN_DIR} ${plugin_args} ${OTLP_PROTO_ROOT}/${proto}
    DEPENDS ${OTLP_PROTO_ROOT}/${proto}
    COMMENT "protoc ${proto}"
    VERBATIM)
  list(APPEND OTLP_SOURCES ${outs})
endforeach()

add_library(kotel_otlp_proto STATIC ${OTLP_SOURCES})
target_include_directories(kotel_otlp_proto SYSTEM PUBLIC ${OTLP_GEN_DIR})
target_link_libraries(kotel_otlp_proto PUBLIC PkgConfig::PROTOBUF PkgConfig::GRPCPP)
# Generated code: not ours to warn about.
target_compile_options(kotel_otlp_proto PRIVATE -w)

# The agent's own admin API (proto/kotel/admin/v1/admin.proto): kotel_admin_proto.
set(ADMIN_PROTO_ROOT ${CMAKE_SOURCE_DIR}/proto)
set(ADMIN_GEN_DIR ${CMAKE_BINARY_DIR}/gen/admin)
set(ADMIN_STEM ${ADMIN_GEN_DIR}/kotel/admin/v1/admin)
add_custom_command(
  OUTPUT ${ADMIN_STEM}.pb.cc ${ADMIN_STEM}.pb.h ${ADMIN_STEM}.grpc.pb.cc ${ADMIN_STEM}.grpc.pb.h
  COMMAND ${CMAKE_COMMAND} -E make_directory ${ADMIN_GEN_DIR}
  COMMAND ${PROTOC} -I ${ADMIN_PROTO_ROOT} --cpp_out=${ADMIN_GEN_DIR} --grpc_out=${ADMIN_GEN_DIR}
          --plugin=protoc-gen-grpc=${GRPC_CPP_PLUGIN} ${ADMIN_PROTO_ROOT}/kotel/admin/v1/admin.proto
  DEPENDS ${ADMIN_PROTO_ROOT}/kotel/admin/v1/admin.proto
  COMMENT "protoc kotel/admin/v1/admin.proto"
  VERBATIM)
add_library(kotel_admin_proto STATIC ${ADMIN_STEM}.pb.cc ${ADMIN_STEM}.grpc.pb.cc)
target_include_directories(kotel_admin_proto SYSTEM PUBLIC ${ADMIN_GEN_DIR})
target_link_libraries(kotel_admin_proto PUBLIC PkgConfig::PROTOBUF PkgConfig::GRPCPP)
target_compile_options(kotel_admin_proto PRIVATE -w)
