<?xml version="1.0" encoding="UTF-8"?>
<!--
  The one stylesheet mod_naering compiles: it pulls in the layout (which owns
  <html>, head, header, menu and footer) and one file per view, each of
  which only fills the main region (mode="main").
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:include href="layout.xsl"/>
  <xsl:include href="page.xsl"/>
  <xsl:include href="search.xsl"/>
  <xsl:include href="editor.xsl"/>
  <xsl:include href="images.xsl"/>
  <xsl:include href="error.xsl"/>
  <xsl:output method="html" encoding="UTF-8" indent="no"/>
</xsl:stylesheet>
