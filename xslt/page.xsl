<?xml version="1.0" encoding="UTF-8"?>
<!-- A page: title, body, contact, documents, last change, editor login. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:nb="urn:x-naering:strings" exclude-result-prefixes="nb">

  <xsl:template match="naering[@view='page']" mode="title">
    <xsl:value-of select="page/title"/>
  </xsl:template>

  <xsl:template match="naering[@view='page']" mode="main">
    <article class="page">
      <h1><xsl:value-of select="page/title"/></h1>
      <div class="text">
        <xsl:apply-templates select="page/body/div/node()" mode="text"/>
      </div>
      <xsl:apply-templates select="page/contact"/>
      <xsl:apply-templates select="page/documents"/>
      <!-- The site's own accessibility statement carries the feedback
           route the regulation asks for: the site's address. -->
      <xsl:if test="page/@path = site/footer/@statement-page and site/footer/email">
        <p class="statement-feedback">
          <xsl:value-of select="concat(nb:s('statement-feedback'), ' ')"/>
          <a href="mailto:{site/footer/email}"><xsl:value-of select="site/footer/email"/></a>
        </p>
      </xsl:if>
      <footer class="page-footer">
        <p class="updated">
          <xsl:value-of select="nb:s('updated')"/>
          <xsl:text> </xsl:text>
          <xsl:call-template name="date">
            <xsl:with-param name="iso" select="page/updated/@datetime"/>
          </xsl:call-template>
        </p>
        <p class="editor-login"><a href="{editor/@url}" rel="nofollow"><xsl:value-of select="nb:s('login')"/></a></p>
      </footer>
    </article>
  </xsl:template>

  <xsl:template match="contact">
    <section class="contact" aria-labelledby="kontakt-tittel">
      <h2 id="kontakt-tittel"><xsl:value-of select="nb:s('contact')"/></h2>
      <p>
        <xsl:if test="name != ''">
          <span class="contact-name"><xsl:value-of select="name"/></span>
        </xsl:if>
        <xsl:if test="email != ''">
          <br/>
          <xsl:value-of select="nb:s('email')"/>
          <xsl:text>: </xsl:text>
          <a href="mailto:{email}"><xsl:value-of select="email"/></a>
        </xsl:if>
        <xsl:if test="phone != ''">
          <br/>
          <xsl:value-of select="nb:s('phone')"/>
          <xsl:text>: </xsl:text>
          <a href="tel:{translate(phone, ' ', '')}"><xsl:value-of select="phone"/></a>
        </xsl:if>
      </p>
    </section>
  </xsl:template>

  <xsl:template match="documents[document]">
    <section class="documents" aria-labelledby="dokumenter-tittel">
      <h2 id="dokumenter-tittel">
        <xsl:value-of select="concat(nb:s('documents'), ' (', @count, ')')"/>
      </h2>
      <ul>
        <xsl:for-each select="document">
          <xsl:variable name="type" select="nb:s(concat('type-', current()/@mime))"/>
          <li>
            <a href="{@url}"><xsl:value-of select="title"/></a>
            <span class="doc-meta">
              <xsl:text> (</xsl:text>
              <xsl:choose>
                <xsl:when test="$type"><xsl:value-of select="$type"/></xsl:when>
                <xsl:otherwise><xsl:value-of select="nb:s('type-other')"/></xsl:otherwise>
              </xsl:choose>
              <xsl:text>, </xsl:text>
              <xsl:call-template name="size">
                <xsl:with-param name="bytes" select="@size"/>
              </xsl:call-template>
              <xsl:text>, </xsl:text>
              <xsl:call-template name="date">
                <xsl:with-param name="iso" select="@updated"/>
              </xsl:call-template>
              <!-- What keeps a screen reader out (no tags, no text, locked),
                   not a missing title or language. -->
              <xsl:if test="contains(@checks, 'untagged') or contains(@checks, 'no-text') or contains(@checks, 'encrypted-blocks')">
                <xsl:value-of select="concat(', ', nb:s('doc-not-accessible'))"/>
              </xsl:if>
              <xsl:text>)</xsl:text>
            </span>
          </li>
        </xsl:for-each>
      </ul>
    </section>
  </xsl:template>

  <xsl:template match="documents"/>
</xsl:stylesheet>
