/** Registers the DOM matchers of @testing-library/jest-dom (`toBeInTheDocument`, `toHaveAccessibleName`, …). */
import "@testing-library/jest-dom";
