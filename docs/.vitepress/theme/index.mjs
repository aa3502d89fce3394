// The default theme, with the site's own styles: wide tables that stay readable, Python and
// TypeScript side by side, and the benchmark chart at a legible size.
import DefaultTheme from "vitepress/theme";
import "./custom.css";

export default DefaultTheme;
