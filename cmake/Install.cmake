# `cmake --install`: the binary, the hardened systemd unit and a default
# configuration where a package would put them; `cpack -G DEB` builds a .deb.
include(GNUInstallDirs)

install(TARGETS kotel RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# The unit names /usr/bin/kotel; point it at the binary this prefix installs.
file(READ ${CMAKE_SOURCE_DIR}/deploy/systemd/kotel.service KOTEL_UNIT)
string(REPLACE "/usr/bin/kotel" "${CMAKE_INSTALL_FULL_BINDIR}/kotel" KOTEL_UNIT "${KOTEL_UNIT}")
string(REPLACE "/etc/kotel/" "${CMAKE_INSTALL_FULL_SYSCONFDIR}/kotel/" KOTEL_UNIT "${KOTEL_UNIT}")
file(WRITE ${CMAKE_BINARY_DIR}/deploy/kotel.service "${KOTEL_UNIT}")
set(KOTEL_SYSTEMD_UNIT_DIR "lib/systemd/system" CACHE STRING "systemd system unit directory, relative to the prefix")
install(FILES ${CMAKE_BINARY_DIR}/deploy/kotel.service DESTINATION ${KOTEL_SYSTEMD_UNIT_DIR})
# Opt-in (TLS uprobes need CAP_SYS_ADMIN here): an example for /etc/systemd/system/kotel.service.d/.
install(FILES deploy/systemd/tls.conf DESTINATION ${CMAKE_INSTALL_DOCDIR}/kotel.service.d)

# FULL_SYSCONFDIR: /etc under the /usr prefix. The YAML is read by the
# service's dynamic user; the env file (OTLP headers, tokens) only by systemd.
install(FILES deploy/config/kotel.yaml DESTINATION ${CMAKE_INSTALL_FULL_SYSCONFDIR}/kotel
        PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
install(FILES deploy/config/kotel.env DESTINATION ${CMAKE_INSTALL_FULL_SYSCONFDIR}/kotel
        PERMISSIONS OWNER_READ OWNER_WRITE)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME kotel)
set(CPACK_PACKAGE_CONTACT "kotel maintainers")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "eBPF observability agent: HTTP spans and RED metrics over OTLP")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
include(CPack)
