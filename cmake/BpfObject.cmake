# bpf_skeleton(NAME <skel> SOURCES <.bpf.c...> INCLUDES <dirs...>)
# clang compiles each program file to a CO-RE object, `bpftool gen object` links
# them into one, `bpftool gen skeleton` embeds it in <skel>.skel.h. Defines an
# INTERFACE target <skel>_skel whose include dir holds the header.

find_program(CLANG_EXE NAMES clang clang-14 REQUIRED)
find_program(BPFTOOL_EXE NAMES bpftool PATHS /usr/sbin /sbin REQUIRED)

if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64")
  set(KOTEL_BPF_ARCH x86)
  set(KOTEL_VMLINUX_ARCH x86_64)
elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "aarch64|arm64")
  set(KOTEL_BPF_ARCH arm64)
  set(KOTEL_VMLINUX_ARCH arm64)
else()
  message(FATAL_ERROR "kotel: no BPF target for ${CMAKE_SYSTEM_PROCESSOR}")
endif()

function(bpf_skeleton)
  cmake_parse_arguments(ARG "" "NAME" "SOURCES;INCLUDES;DEPENDS" ${ARGN})
  set(out_dir ${CMAKE_CURRENT_BINARY_DIR}/skel)
  file(MAKE_DIRECTORY ${out_dir})
  set(include_flags "")
  foreach(dir ${ARG_INCLUDES})
    list(APPEND include_flags -I${dir})
  endforeach()
  # libbpf's usdt.bpf.h includes <linux/errno.h>, whose <asm/errno.h> lives in
  # the multiarch directory (macros only: no clash with vmlinux.h).
  if(CMAKE_LIBRARY_ARCHITECTURE)
    list(APPEND include_flags -idirafter /usr/include/${CMAKE_LIBRARY_ARCHITECTURE})
  endif()
  set(objects "")
  foreach(src ${ARG_SOURCES})
    get_filename_component(stem ${src} NAME_WE)
    set(obj ${out_dir}/${stem}.bpf.o)
    add_custom_command(
      OUTPUT ${obj}
      COMMAND ${CLANG_EXE} -g -O2 -target bpf -D__TARGET_ARCH_${KOTEL_BPF_ARCH} -Wall -Werror
              ${include_flags} -c ${src} -o ${obj}
      DEPENDS ${src} ${ARG_DEPENDS}
      COMMENT "BPF ${stem}.bpf.c"
      VERBATIM)
    list(APPEND objects ${obj})
  endforeach()
  set(linked ${out_dir}/${ARG_NAME}.bpf.o)
  set(skel ${out_dir}/${ARG_NAME}.skel.h)
  add_custom_command(
    OUTPUT ${skel}
    COMMAND ${BPFTOOL_EXE} gen object ${linked} ${objects}
    COMMAND ${BPFTOOL_EXE} gen skeleton ${linked} name ${ARG_NAME}_bpf > ${skel}.tmp
    COMMAND ${CMAKE_COMMAND} -E rename ${skel}.tmp ${skel}
    DEPENDS ${objects}
    COMMENT "BPF link + skeleton ${ARG_NAME}"
    VERBATIM)
  add_custom_target(${ARG_NAME}_skel_gen DEPENDS ${skel})
  add_library(${ARG_NAME}_skel INTERFACE)
  add_dependencies(${ARG_NAME}_skel ${ARG_NAME}_skel_gen)
  target_include_directories(${ARG_NAME}_skel INTERFACE ${out_dir})
endfunction()
