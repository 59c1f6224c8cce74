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
