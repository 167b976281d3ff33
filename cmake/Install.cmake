# Install rules (GNUInstallDirs), the CMake package (find_package(shebao CONFIG) -> shebao::shebao),
# shebao.pc, and the Debian packages (CPack DEB). Components:
#   cli -> package `shebao`      bin/shebao, share/shebao/{policies,web,pack-cache}, the systemd unit,
#                                /etc/shebao/serve.conf, the Python binding
#   lib -> package `libshebao0`  lib/libshebao.so.0 (SONAME libshebao.so.0; only shebao_* exported)
#   dev -> package `libshebao-dev`  include/shebao.h, libshebao.so, the CMake package, shebao.pc
include(CMakePackageConfigHelpers)

set(SHEBAO_INSTALL_DATA "${CMAKE_INSTALL_DATADIR}/shebao")
set(SHEBAO_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/shebao" CACHE STRING "where the CMake package goes")
set(SHEBAO_INSTALL_PYTHONDIR "lib/python3/dist-packages" CACHE STRING "where the Python binding goes")
set(SHEBAO_INSTALL_SYSTEMDDIR "lib/systemd/system" CACHE STRING "where the systemd unit goes")

install(TARGETS shebao RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT cli)
install(TARGETS shebao_capi EXPORT shebaoTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT lib NAMELINK_COMPONENT dev)
install(FILES ${CMAKE_SOURCE_DIR}/adapters/capi/include/shebao.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT dev)

# The bundled packs (with their golden cases: `shebao policies test` works on an install), the
# page, and the parsed-pack snapshots the build made (keyed by the binary's build-id, which
# installing keeps).
install(DIRECTORY ${CMAKE_SOURCE_DIR}/policies/ DESTINATION ${SHEBAO_INSTALL_DATA}/policies COMPONENT cli)
install(DIRECTORY ${CMAKE_SOURCE_DIR}/web/ DESTINATION ${SHEBAO_INSTALL_DATA}/web COMPONENT cli)
install(DIRECTORY ${CMAKE_BINARY_DIR}/share/shebao/pack-cache/ DESTINATION ${SHEBAO_INSTALL_DATA}/pack-cache
  COMPONENT cli OPTIONAL)
install(FILES ${CMAKE_SOURCE_DIR}/examples/rider-lincang-in-kunming.yaml ${CMAKE_SOURCE_DIR}/examples/driver-employee.yaml
  ${CMAKE_SOURCE_DIR}/examples/courier-part-time-woman.yaml
  DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples COMPONENT cli)

# The service: the unit, and its configuration file (a conffile in the package).
install(FILES ${CMAKE_SOURCE_DIR}/packaging/shebao.service DESTINATION ${SHEBAO_INSTALL_SYSTEMDDIR} COMPONENT cli)
# Under the /usr prefix (the package) /etc, as GNUInstallDirs says; else PREFIX/etc (so that
# `cmake --install --prefix DIR` keeps everything under DIR).
if(CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  set(SHEBAO_INSTALL_CONFDIR "${CMAKE_INSTALL_FULL_SYSCONFDIR}/shebao")
else()
  set(SHEBAO_INSTALL_CONFDIR "${CMAKE_INSTALL_SYSCONFDIR}/shebao")
endif()
install(FILES ${CMAKE_SOURCE_DIR}/packaging/serve.conf DESTINATION ${SHEBAO_INSTALL_CONFDIR} COMPONENT cli)

# The Python binding (ctypes over libshebao.so.0; no compiled code).
install(DIRECTORY ${CMAKE_SOURCE_DIR}/bindings/python/shebao DESTINATION ${SHEBAO_INSTALL_PYTHONDIR} COMPONENT cli
  FILES_MATCHING PATTERN "*.py" PATTERN "__pycache__" EXCLUDE)

# The CMake package.
install(EXPORT shebaoTargets NAMESPACE shebao:: DESTINATION ${SHEBAO_INSTALL_CMAKEDIR} COMPONENT dev)
configure_package_config_file(${CMAKE_SOURCE_DIR}/cmake/shebaoConfig.cmake.in
  ${CMAKE_BINARY_DIR}/cmake/shebaoConfig.cmake INSTALL_DESTINATION ${SHEBAO_INSTALL_CMAKEDIR})
write_basic_package_version_file(${CMAKE_BINARY_DIR}/cmake/shebaoConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
install(FILES ${CMAKE_BINARY_DIR}/cmake/shebaoConfig.cmake ${CMAKE_BINARY_DIR}/cmake/shebaoConfigVersion.cmake
  DESTINATION ${SHEBAO_INSTALL_CMAKEDIR} COMPONENT dev)

# shebao.pc, relocatable: the prefix is found from the .pc file's own folder.
file(RELATIVE_PATH SHEBAO_PC_TO_PREFIX "${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig" "${CMAKE_INSTALL_PREFIX}")
string(REGEX REPLACE "/$" "" SHEBAO_PC_TO_PREFIX "${SHEBAO_PC_TO_PREFIX}")
configure_file(${CMAKE_SOURCE_DIR}/cmake/shebao.pc.in ${CMAKE_BINARY_DIR}/cmake/shebao.pc @ONLY)
install(FILES ${CMAKE_BINARY_DIR}/cmake/shebao.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT dev)

# ---- Debian packages: cpack -G DEB in a build configured with -DCMAKE_INSTALL_PREFIX=/usr --------
set(CPACK_PACKAGE_NAME shebao)
set(CPACK_PACKAGE_VENDOR "shebao")
set(CPACK_PACKAGE_CONTACT "shebao maintainers <shebao@localhost>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "social-insurance enrolment rules engine for gig workers in China")
set(CPACK_PACKAGE_DIRECTORY ${CMAKE_BINARY_DIR}/packages)
set(CPACK_GENERATOR DEB)
set(CPACK_COMPONENTS_ALL cli lib dev)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)  # dpkg-shlibdeps computes the library dependencies
set(CPACK_DEBIAN_ENABLE_COMPONENT_DEPENDS ON)
set(CPACK_DEBIAN_CLI_PACKAGE_NAME shebao)
set(CPACK_DEBIAN_CLI_PACKAGE_SECTION misc)
# The binding loads libshebao.so.0; python3 is only needed for it.
set(CPACK_DEBIAN_CLI_PACKAGE_DEPENDS "libshebao0 (= ${PROJECT_VERSION})")
set(CPACK_DEBIAN_CLI_PACKAGE_SUGGESTS "python3")
set(CPACK_DEBIAN_CLI_PACKAGE_CONTROL_EXTRA
  ${CMAKE_SOURCE_DIR}/packaging/debian/conffiles ${CMAKE_SOURCE_DIR}/packaging/debian/postinst
  ${CMAKE_SOURCE_DIR}/packaging/debian/prerm ${CMAKE_SOURCE_DIR}/packaging/debian/postrm)
set(CPACK_DEBIAN_CLI_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_COMPONENT_CLI_DESCRIPTION "shebao command, policy packs, service-window page, systemd service, Python binding")
set(CPACK_DEBIAN_LIB_PACKAGE_NAME libshebao0)
set(CPACK_DEBIAN_LIB_PACKAGE_SECTION libs)
set(CPACK_DEBIAN_LIB_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_COMPONENT_LIB_DESCRIPTION "shebao C API shared library")
set(CPACK_DEBIAN_DEV_PACKAGE_NAME libshebao-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS "libshebao0 (= ${PROJECT_VERSION})")
set(CPACK_COMPONENT_DEV_DESCRIPTION "shebao C API header, CMake package and pkg-config file")
include(CPack)
